using LeanData.Outreach.Errors;

namespace LeanData.Outreach.Routing;

/// <summary>A user or sequence given to the user-sequence map could not be resolved; nothing was stored.</summary>
public sealed class UserSequenceMapException(string errorId, FailureCategory category, string message, string? recommendedAction = null)
    : LDOutreachException(errorId, category, message, recommendedAction);
