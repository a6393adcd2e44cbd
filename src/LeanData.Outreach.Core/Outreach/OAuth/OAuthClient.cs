using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outreach.JsonApi;

namespace LeanData.Outreach.Outreach.OAuth;

/// <summary>
/// Outreach's token endpoint (<c>POST /oauth/token</c>, form-encoded): the authorization_code and
/// refresh_token grants. RFC 6749 errors become <see cref="OAuthException"/>s with distinct stable ids.
/// </summary>
public sealed class OAuthClient
{
    private readonly HttpClient http;
    private readonly OAuthClientCredentials credentials;
    private readonly TimeProvider time;
    private readonly IOutreachObserver? observer;

    public OAuthClient(HttpClient http, Uri apiBaseUri, OAuthClientCredentials credentials, TimeProvider? time = null, IOutreachObserver? observer = null)
    {
        this.http = http;
        this.credentials = credentials;
        this.time = time ?? TimeProvider.System;
        this.observer = observer;
        TokenEndpoint = OutreachEndpoints.TokenEndpoint(OutreachEndpoints.ValidateApiBaseUri(apiBaseUri));
    }

    public Uri TokenEndpoint { get; }
    public string ClientId => credentials.ClientId;

    /// <summary>Exchanges an authorization code. A bad code is <see cref="ErrorCatalog.OAuthInvalidCode"/>; a bad secret <see cref="ErrorCatalog.OAuthInvalidClient"/>.</summary>
    public Task<TokenSet> ExchangeCodeAsync(string code, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        return RequestAsync(GrantKind.AuthorizationCode, new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code.Trim(),
        }, cancellationToken);
    }

    /// <summary>Redeems a refresh token. A revoked or expired one is <see cref="ErrorCatalog.OAuthRefreshTokenRevoked"/>.</summary>
    public Task<TokenSet> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(refreshToken);
        return RequestAsync(GrantKind.RefreshToken, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken.Trim(),
        }, cancellationToken);
    }

    private enum GrantKind { AuthorizationCode, RefreshToken }

    private async Task<TokenSet> RequestAsync(GrantKind grant, Dictionary<string, string> fields, CancellationToken cancellationToken)
    {
        fields["client_id"] = credentials.ClientId;
        fields["client_secret"] = credentials.ClientSecret;
        fields["redirect_uri"] = credentials.RedirectUri.AbsoluteUri;
        using var request = new HttpRequestMessage(HttpMethod.Post, TokenEndpoint) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var started = time.GetUtcNow();
        var watch = Stopwatch.StartNew();
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Report(started, watch, 0, "no response: " + ex.GetType().Name, null);
            throw new OAuthException(ErrorCatalog.OAuthServerError, FailureCategory.Transient,
                $"Could not reach the Outreach token endpoint {TokenEndpoint}: {ex.Message}", ErrorCatalog.RecommendedActionFor(FailureCategory.Transient), 0, null, ex);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            OAuthTokenResponse? parsed = null;
            try
            {
                if (!string.IsNullOrWhiteSpace(body) && body.TrimStart().StartsWith('{'))
                    parsed = JsonSerializer.Deserialize(body, OutreachJsonContext.Default.OAuthTokenResponse);
            }
            catch (JsonException)
            {
                parsed = null;
            }

            if (response.IsSuccessStatusCode && parsed?.AccessToken is { Length: > 0 } access)
            {
                Report(started, watch, status, "token issued", null);
                var now = time.GetUtcNow();
                var expiresIn = parsed.ExpiresIn is > 0 ? parsed.ExpiresIn.Value : 7200;
                var refresh = parsed.RefreshToken;
                if (string.IsNullOrEmpty(refresh))
                {
                    if (grant == GrantKind.RefreshToken) refresh = fields["refresh_token"];
                    else throw Invalid(status, "The Outreach token response carried no refresh_token.");
                }
                return new TokenSet(access, refresh, now.AddSeconds(expiresIn), OutreachScopes.Parse(parsed.Scope), now);
            }

            if (response.IsSuccessStatusCode)
            {
                Report(started, watch, status, "token response without access_token", null);
                throw Invalid(status, "The Outreach token response carried no access_token.");
            }

            var error = parsed?.Error;
            var description = parsed?.ErrorDescription;
            var failure = MapError(grant, status, error, description);
            Report(started, watch, status, $"{error ?? "error"}", failure.Category == FailureCategory.ConfigurationError ? ErrorCatalog.FailureReasonTokenInvalid : null);
            throw failure;
        }
    }

    private static OAuthException Invalid(int status, string message) =>
        new(ErrorCatalog.OAuthInvalidResponse, FailureCategory.Transient, message, ErrorCatalog.RecommendedActionFor(FailureCategory.Transient), status, null);

    private OAuthException MapError(GrantKind grant, int status, string? error, string? description)
    {
        var detail = string.IsNullOrWhiteSpace(description) ? "" : " Outreach says: " + description;
        const string reconnect = TokenRefreshFailedException.RecommendedActionText;
        switch (error?.ToLowerInvariant())
        {
            case "invalid_client":
                return new OAuthException(ErrorCatalog.OAuthInvalidClient, FailureCategory.ConfigurationError,
                    $"Outreach rejected the client credentials for client id '{credentials.ClientId}' (invalid_client).{detail}",
                    "Check the Application ID and Client Secret from Outreach's API request form and run Connect-LDOutreach again with the correct -ClientId and -ClientSecret.",
                    status, error);
            case "invalid_grant" when grant == GrantKind.AuthorizationCode:
                return new OAuthException(ErrorCatalog.OAuthInvalidCode, FailureCategory.ConfigurationError,
                    $"Outreach rejected the authorization code: it is invalid, expired, already used, or was issued for another redirect URI (invalid_grant).{detail}",
                    "Authorization codes are single-use and short-lived: run Connect-LDOutreach again and complete the authorization promptly, with the same -RedirectUri registered in Outreach.",
                    status, error);
            case "invalid_grant":
                return new TokenRefreshFailedException(ErrorCatalog.OAuthRefreshTokenRevoked,
                    $"Outreach rejected the refresh token: it was revoked or has expired (invalid_grant).{detail}",
                    new OAuthException(ErrorCatalog.OAuthRefreshTokenRevoked, FailureCategory.ConfigurationError, "invalid_grant", reconnect, status, error));
            case "unauthorized_client":
                return new OAuthException(ErrorCatalog.OAuthUnauthorizedClient, FailureCategory.ConfigurationError,
                    $"The Outreach app is not allowed to use this grant (unauthorized_client).{detail}",
                    "Check the Outreach app registration (API request form) for this client id, then run Connect-LDOutreach again.", status, error);
            case "invalid_scope":
                return new OAuthException(ErrorCatalog.OAuthInvalidScope, FailureCategory.UnauthorizedOAuthScope,
                    $"Outreach rejected the requested scopes (invalid_scope).{detail}", ErrorCatalog.RecommendedActionFor(FailureCategory.UnauthorizedOAuthScope), status, error);
            case "invalid_request" or "unsupported_grant_type":
                return new OAuthException(ErrorCatalog.OAuthInvalidRequest, FailureCategory.ConfigurationError,
                    $"Outreach rejected the token request ({error}).{detail}",
                    "Check -RedirectUri matches the callback URL registered with Outreach, then run Connect-LDOutreach again.", status, error);
        }
        if (status == 429)
            return new OAuthException(ErrorCatalog.OAuthTokenRateLimited, FailureCategory.RateLimitExceeded,
                "Outreach refused to mint another token for this user so soon (at most one per 60 seconds).", "Wait a minute and try again.", status, error);
        if (status >= 500)
            return new OAuthException(ErrorCatalog.OAuthServerError, FailureCategory.Transient,
                $"The Outreach token endpoint failed with HTTP {status}.{detail}", ErrorCatalog.RecommendedActionFor(FailureCategory.Transient), status, error);
        if (status == 401)
            return new OAuthException(ErrorCatalog.OAuthInvalidClient, FailureCategory.ConfigurationError,
                $"Outreach rejected the client credentials for client id '{credentials.ClientId}' (HTTP 401).{detail}",
                "Check the Application ID and Client Secret and run Connect-LDOutreach again.", status, error);
        return grant == GrantKind.RefreshToken
            ? new TokenRefreshFailedException(ErrorCatalog.OAuthRefreshTokenRevoked, $"Outreach rejected the refresh token (HTTP {status}{(error is null ? "" : ", " + error)}).{detail}")
            : new OAuthException(ErrorCatalog.OAuthInvalidCode, FailureCategory.ConfigurationError,
                $"Outreach rejected the authorization code (HTTP {status}{(error is null ? "" : ", " + error)}).{detail}",
                "Run Connect-LDOutreach again and complete the authorization promptly.", status, error);
    }

    private void Report(DateTimeOffset started, Stopwatch watch, int status, string summary, string? failureReason) =>
        observer?.OnCallout(new CalloutRecord("POST", TokenEndpoint.AbsolutePath, status, started, watch.ElapsedMilliseconds, summary, failureReason));
}
