using LeanData.Outreach.Errors;

namespace LeanData.Outreach.Outreach.OAuth;

/// <summary>The token response (or a 403) shows required scopes were not granted.</summary>
public sealed class MissingScopeException(IReadOnlyList<string> missing, IReadOnlyList<string> granted)
    : LDOutreachException(ErrorCatalog.Definition(FailureCategory.UnauthorizedOAuthScope), FailureCategory.UnauthorizedOAuthScope,
        $"The Outreach authorization does not include the required scope(s): {string.Join(", ", missing)}. Granted: {(granted.Count == 0 ? "(none)" : string.Join(" ", granted))}.",
        ErrorCatalog.MissingScopeRemedy(missing))
{
    public IReadOnlyList<string> MissingScopes { get; } = missing;
    public IReadOnlyList<string> GrantedScopes { get; } = granted;
}
