using LeanData.Outreach.Errors;

namespace LeanData.Outreach.Routing;

/// <summary>A user or sequence given to the user-sequence map could not be resolved; nothing was stored.</summary>
public sealed class UserSequenceMapException(ErrorDefinition error, FailureCategory category, string message, string? recommendedAction = null)
    : LDOutreachException(error, category, message, recommendedAction);
