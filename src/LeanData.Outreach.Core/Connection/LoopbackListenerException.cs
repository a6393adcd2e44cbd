using LeanData.Outreach.Errors;

namespace LeanData.Outreach.Connection;

/// <summary>The interactive flow cannot listen on the redirect URI, or nothing arrived in time.</summary>
public sealed class LoopbackListenerException(string message, string recommendedAction, Exception? inner = null)
    : LDOutreachException(ErrorCatalog.OAuthRedirectListenerFailed, FailureCategory.ConfigurationError, message, recommendedAction, inner)
{
}
