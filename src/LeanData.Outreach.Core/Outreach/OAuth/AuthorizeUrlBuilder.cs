using System.Security.Cryptography;

namespace LeanData.Outreach.Outreach.OAuth;

/// <summary>Builds Outreach's authorize URL (response_type=code, space-separated scopes, state), every value percent-encoded; print it with <see cref="Uri.AbsoluteUri"/> (ToString() unescapes).</summary>
public static class AuthorizeUrlBuilder
{
    public static Uri Build(Uri apiBaseUri, string clientId, Uri redirectUri, string state, IEnumerable<string>? scopes = null)
    {
        var endpoint = OutreachEndpoints.AuthorizeEndpoint(apiBaseUri);
        var query = string.Join("&",
            "client_id=" + Uri.EscapeDataString(clientId),
            "redirect_uri=" + Uri.EscapeDataString(redirectUri.AbsoluteUri),
            "response_type=code",
            "scope=" + Uri.EscapeDataString(string.Join(' ', scopes ?? OutreachScopes.Requested)),
            "state=" + Uri.EscapeDataString(state));
        return new UriBuilder(endpoint) { Query = query }.Uri;
    }

    /// <summary>A fresh unguessable state value (32 random bytes, base64url).</summary>
    public static string NewState() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
