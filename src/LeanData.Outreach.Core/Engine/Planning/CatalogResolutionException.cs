using LeanData.Outreach.Errors;

namespace LeanData.Outreach.Engine.Planning;

/// <summary>A user, mailbox or sequence an admin named could not be resolved against the catalog (<see cref="CatalogResolver"/>); nothing was done.</summary>
public sealed class CatalogResolutionException(ErrorDefinition error, FailureCategory category, string message, string? recommendedAction = null)
    : LDOutreachException(error, category, message, recommendedAction);
