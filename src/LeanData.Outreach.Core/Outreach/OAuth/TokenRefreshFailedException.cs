using LeanData.Outreach.Errors;

namespace LeanData.Outreach.Outreach.OAuth;

/// <summary>
/// The stored authorization can no longer produce an access token (refresh token revoked or expired, client
/// secret changed, nothing stored). Category ConfigurationError: the record takes the Configuration Error edge.
/// </summary>
public sealed class TokenRefreshFailedException(ErrorDefinition error, string message, Exception? inner = null)
    : OAuthException(error, FailureCategory.ConfigurationError, message, RecommendedActionText, (inner as OAuthException)?.StatusCode ?? 0, (inner as OAuthException)?.OAuthError, inner)
{
    public const string RecommendedActionText =
        "The Outreach authorization is no longer valid: run Connect-LDOutreach again to authorize Outreach (the Salesforce Admin must complete this step).";
}
