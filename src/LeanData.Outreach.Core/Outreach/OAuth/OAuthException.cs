using LeanData.Outreach.Errors;

namespace LeanData.Outreach.Outreach.OAuth;

/// <summary>
/// The token endpoint refused a grant. <see cref="LDOutreachException.Error"/> is one of the catalog's OAuth ids
/// (<see cref="ErrorCatalog"/>); <see cref="OAuthError"/> is the RFC 6749 code Outreach sent.
/// </summary>
public class OAuthException(ErrorDefinition error, FailureCategory category, string message, string recommendedAction, int statusCode, string? oauthError, Exception? inner = null)
    : LDOutreachException(error, category, message, recommendedAction, inner)
{
    public int StatusCode { get; } = statusCode;
    public string? OAuthError { get; } = oauthError;
}
