using System.Text;
using System.Text.Json;
using LeanData.Outreach.Sandbox.Api;
using LeanData.Outreach.Sandbox.Model;
using Microsoft.AspNetCore.Http;

namespace LeanData.Outreach.Sandbox.OAuth;

/// <summary>GET /oauth/authorize and POST /oauth/token (RFC 6749 code and refresh grants, form or JSON bodies).</summary>
public sealed class OAuthEndpoints
{
    private readonly Func<OAuthSettings> _settings;
    private readonly TokenStore _tokens;
    private readonly SandboxData _data;
    private readonly TimeProvider _time;

    public OAuthEndpoints(Func<OAuthSettings> settings, TokenStore tokens, SandboxData data, TimeProvider time)
    {
        _settings = settings;
        _tokens = tokens;
        _data = data;
        _time = time;
    }

    public static ApiResult OAuthError(int status, string error, string description)
    {
        var result = ApiResult.Json(status, JsonBuffer.Write((error, description), static (w, e) =>
        {
            w.WriteStartObject();
            w.WriteString("error", e.error);
            w.WriteString("error_description", e.description);
            w.WriteEndObject();
        }), "application/json; charset=utf-8");
        result.WithHeader("Cache-Control", "no-store");
        if (status == 401) result.WithHeader("WWW-Authenticate", "Basic realm=\"sandbox\"");
        return result;
    }

    /// <summary>
    /// Auto-approves (or denies, when configured) and redirects to redirect_uri with code and state.
    /// Sandbox extension: <c>user_id</c> picks the approving user (default: the configured authorize user).
    /// </summary>
    public ApiResult Authorize(HttpRequest request)
    {
        var q = request.Query;
        var settings = _settings();
        string clientId = q["client_id"].ToString(), redirect = q["redirect_uri"].ToString(), state = q["state"].ToString();
        if (clientId != settings.ClientId) return OAuthError(400, "invalid_client", "Client authentication failed due to unknown client.");
        if (!Uri.TryCreate(redirect, UriKind.Absolute, out var redirectUri))
            return OAuthError(400, "invalid_request", "The redirect_uri parameter is missing or not an absolute URI.");
        if (q["response_type"].ToString() != "code") return Redirect(redirectUri, ("error", "unsupported_response_type"), ("state", state));
        if (settings.DenyAuthorize)
            return Redirect(redirectUri, ("error", "access_denied"), ("error_description", "The resource owner denied the request."), ("state", state));

        var userId = settings.AuthorizeUserId;
        if (long.TryParse(q["user_id"].ToString(), out var requestedUser)) userId = requestedUser;
        lock (_data.Sync)
        {
            if (!_data.Users.ContainsKey(userId))
                return Redirect(redirectUri, ("error", "access_denied"), ("error_description", $"Sandbox user {userId} does not exist."), ("state", state));
        }
        var scopes = GrantScopes(settings, q["scope"].ToString());
        var code = _tokens.IssueCode(new TokenGrant
        {
            UserId = userId, Scopes = scopes, ExpiresAt = _time.GetUtcNow().AddMinutes(10), RedirectUri = redirect, ClientId = clientId,
        });
        return Redirect(redirectUri, ("code", code), ("state", state));
    }

    private static IReadOnlyList<string> GrantScopes(OAuthSettings settings, string requested)
    {
        IEnumerable<string> wanted = string.IsNullOrWhiteSpace(requested)
            ? OAuthSettings.AllScopes
            : requested.Split(new[] { ' ', '+', ',' }, StringSplitOptions.RemoveEmptyEntries);
        if (settings.GrantedScopes is { } allowed) wanted = wanted.Where(s => allowed.Contains(s, StringComparer.Ordinal));
        if (!settings.GrantBatchScopes) wanted = wanted.Where(s => !OAuthSettings.IsBatchScope(s));
        return wanted.Distinct(StringComparer.Ordinal).ToArray();
    }

    private static ApiResult Redirect(Uri target, params (string Key, string Value)[] query)
    {
        var sb = new StringBuilder(target.GetLeftPart(UriPartial.Path));
        var existing = target.Query.TrimStart('?');
        sb.Append('?');
        if (existing.Length > 0) sb.Append(existing).Append('&');
        foreach (var (k, v) in query)
        {
            if (string.IsNullOrEmpty(v)) continue;
            sb.Append(k).Append('=').Append(Uri.EscapeDataString(v)).Append('&');
        }
        sb.Length--;
        return ApiResult.Empty(302).WithHeader("Location", sb.ToString()).WithHeader("Cache-Control", "no-store");
    }

    public async Task<ApiResult> TokenAsync(HttpRequest request, CancellationToken ct)
    {
        var form = await ReadParametersAsync(request, ct);
        if (form is null) return OAuthError(400, "invalid_request", "The token request body must be form-urlencoded or JSON.");
        var settings = _settings();
        var (clientId, clientSecret) = ClientCredentials(request, form);
        if (clientId != settings.ClientId || clientSecret is null || !FixedTimeEquals(clientSecret, settings.ClientSecret))
            return OAuthError(401, "invalid_client", "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.");

        var grantType = form.GetValueOrDefault("grant_type");
        switch (grantType)
        {
            case "authorization_code":
            {
                var code = form.GetValueOrDefault("code");
                if (string.IsNullOrEmpty(code)) return OAuthError(400, "invalid_request", "The code parameter is missing.");
                var grant = _tokens.RedeemCode(code);
                if (grant is null || grant.ClientId != clientId)
                    return OAuthError(400, "invalid_grant", "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.");
                if (grant.RedirectUri is not null && form.GetValueOrDefault("redirect_uri") is { } uri && uri != grant.RedirectUri)
                    return OAuthError(400, "invalid_grant", "The redirect_uri does not match the one used in the authorization request.");
                return TokenResponse(_tokens.Issue(grant.UserId, grant.Scopes, clientId, settings.AccessTokenTtl, settings.RefreshTokenTtl));
            }
            case "refresh_token":
            {
                var refresh = form.GetValueOrDefault("refresh_token");
                if (string.IsNullOrEmpty(refresh)) return OAuthError(400, "invalid_request", "The refresh_token parameter is missing.");
                var grant = _tokens.RedeemRefresh(refresh, clientId);
                if (grant is null)
                    return OAuthError(400, "invalid_grant", "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.");
                IReadOnlyList<string> scopes = grant.Scopes;
                if (settings.GrantedScopes is { } allowed) scopes = scopes.Where(s => allowed.Contains(s, StringComparer.Ordinal)).ToArray();
                if (!settings.GrantBatchScopes) scopes = scopes.Where(s => !OAuthSettings.IsBatchScope(s)).ToArray();
                return TokenResponse(_tokens.Issue(grant.UserId, scopes, clientId, settings.AccessTokenTtl, settings.RefreshTokenTtl));
            }
            case null or "":
                return OAuthError(400, "invalid_request", "The grant_type parameter is missing.");
            default:
                return OAuthError(400, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server.");
        }
    }

    public static ApiResult TokenResponse(TokenIssue issue) =>
        ApiResult.Json(200, JsonBuffer.Write(issue, static (w, t) =>
        {
            w.WriteStartObject();
            w.WriteString("access_token", t.AccessToken);
            w.WriteString("token_type", "bearer");
            w.WriteNumber("expires_in", t.ExpiresIn);
            w.WriteString("refresh_token", t.RefreshToken);
            w.WriteString("scope", t.Scope);
            w.WriteNumber("created_at", t.CreatedAt);
            w.WriteEndObject();
        }), "application/json; charset=utf-8").WithHeader("Cache-Control", "no-store").WithHeader("Pragma", "no-cache");

    private static bool FixedTimeEquals(string a, string b) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static (string? Id, string? Secret) ClientCredentials(HttpRequest request, Dictionary<string, string> form)
    {
        var auth = request.Headers.Authorization.ToString();
        if (auth.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(auth[6..].Trim()));
                var colon = pair.IndexOf(':');
                if (colon > 0) return (Uri.UnescapeDataString(pair[..colon]), Uri.UnescapeDataString(pair[(colon + 1)..]));
            }
            catch (FormatException)
            {
                return (null, null);
            }
        }
        return (form.GetValueOrDefault("client_id"), form.GetValueOrDefault("client_secret"));
    }

    private static async Task<Dictionary<string, string>?> ReadParametersAsync(HttpRequest request, CancellationToken ct)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            foreach (var (k, v) in form) result[k] = v.ToString();
            return result;
        }
        var contentType = request.ContentType ?? "";
        if (contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                using var doc = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
                if (doc.RootElement.ValueKind != JsonValueKind.Object) return null;
                foreach (var p in doc.RootElement.EnumerateObject())
                    result[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? "" : p.Value.GetRawText();
                return result;
            }
            catch (JsonException)
            {
                return null;
            }
        }
        return null;
    }
}
