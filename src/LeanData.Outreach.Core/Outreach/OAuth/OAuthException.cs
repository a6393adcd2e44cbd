using LeanData.Outreach.Errors;

namespace LeanData.Outreach.Outreach.OAuth;

/// <summary>
/// The token endpoint refused a grant. <see cref="LDOutreachException.ErrorId"/> is one of the stable ids in
/// <see cref="OAuthErrorIds"/>; <see cref="OAuthError"/> is the RFC 6749 code Outreach sent.
/// </summary>
public class OAuthException(string errorId, FailureCategory category, string message, string recommendedAction, int statusCode, string? oauthError, Exception? inner = null)
    : LDOutreachException(errorId, category, message, recommendedAction, inner)
{
    public int StatusCode { get; } = statusCode;
    public string? OAuthError { get; } = oauthError;
}

/// <summary>Stable error ids for token endpoint failures.</summary>
public static class OAuthErrorIds
{
    public const string InvalidClient = "OAuthInvalidClient";
    public const string InvalidCode = "OAuthInvalidCode";
    public const string RefreshTokenRevoked = "OAuthRefreshTokenRevoked";
    public const string InvalidRequest = "OAuthInvalidRequest";
    public const string UnauthorizedClient = "OAuthUnauthorizedClient";
    public const string InvalidScope = "OAuthInvalidScope";
    public const string TokenRateLimited = "OAuthTokenRateLimited";
    public const string ServerError = "OAuthServerError";
    public const string InvalidResponse = "OAuthInvalidResponse";
    public const string StateMismatch = "OAuthStateMismatch";
    public const string NotConnected = "OutreachNotConnected";
}
