using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Xunit;

namespace LeanData.Outreach.Tests.Sandbox;

/// <summary>The sandbox's OAuth endpoints, on its fake clock (tokens expire when a test advances it).</summary>
public class OAuthTests : IClassFixture<FakeClockSandboxFixture>
{
    private const string Redirect = "http://127.0.0.1:1/callback";
    private readonly FakeClockSandboxFixture _f;
    private readonly HttpClient _http;

    public OAuthTests(FakeClockSandboxFixture fixture)
    {
        _f = fixture;
        _f.Reset();
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
    }

    private async Task<Dictionary<string, string>> AuthorizeAsync(string? scope = null, string state = "xyz", string clientId = "ld-demo-client", string? userId = null)
    {
        var url = $"{_f.OAuthUri}/authorize?client_id={clientId}&redirect_uri={Uri.EscapeDataString(Redirect)}&response_type=code&state={state}"
            + (scope is null ? "" : "&scope=" + Uri.EscapeDataString(scope)) + (userId is null ? "" : "&user_id=" + userId);
        var r = await _http.GetAsync(url);
        Assert.Equal(HttpStatusCode.Found, r.StatusCode);
        var location = r.Headers.Location!;
        Assert.StartsWith(Redirect, location.ToString());
        var parsed = System.Web.HttpUtility.ParseQueryString(location.Query);
        return parsed.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => parsed[k] ?? "");
    }

    private Task<HttpResponseMessage> TokenFormAsync(params (string, string)[] fields) =>
        _http.PostAsync($"{_f.OAuthUri}/token", new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))));

    private static async Task<JsonElement> AssertOAuthErrorAsync(HttpResponseMessage r, HttpStatusCode status, string error)
    {
        Assert.Equal(status, r.StatusCode);
        var doc = await r.JsonAsync();
        Assert.Equal(error, doc.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(doc.GetProperty("error_description").GetString()));
        return doc;
    }

    [Fact]
    public async Task Code_grant_then_refresh_grant_rotates_the_refresh_token()
    {
        var q = await AuthorizeAsync("prospects.all sequences.all sequenceStates.all mailboxes.all users.all");
        Assert.Equal("xyz", q["state"]);
        var r = await TokenFormAsync(("client_id", "ld-demo-client"), ("client_secret", "ld-demo-secret"), ("redirect_uri", Redirect),
            ("grant_type", "authorization_code"), ("code", q["code"]));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("no-store", r.Headers.CacheControl?.ToString());
        var tok = await r.JsonAsync();
        Assert.Equal("bearer", tok.GetProperty("token_type").GetString());
        Assert.Equal(7200, tok.GetProperty("expires_in").GetInt32());
        Assert.Equal("prospects.all sequences.all sequenceStates.all mailboxes.all users.all", tok.GetProperty("scope").GetString());
        Assert.True(tok.GetProperty("created_at").GetInt64() > 1_700_000_000);
        var access = tok.GetProperty("access_token").GetString()!;
        var refresh = tok.GetProperty("refresh_token").GetString()!;

        using var api = _f.CreateClient(access);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"{_f.BaseUri}/prospects/1")).StatusCode);

        // code is single use
        await AssertOAuthErrorAsync(await TokenFormAsync(("client_id", "ld-demo-client"), ("client_secret", "ld-demo-secret"), ("redirect_uri", Redirect),
            ("grant_type", "authorization_code"), ("code", q["code"])), HttpStatusCode.BadRequest, "invalid_grant");

        // refresh with a JSON body
        var json = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["client_id"] = "ld-demo-client", ["client_secret"] = "ld-demo-secret", ["redirect_uri"] = Redirect,
            ["grant_type"] = "refresh_token", ["refresh_token"] = refresh,
        });
        var r2 = await _http.PostAsync($"{_f.OAuthUri}/token", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, r2.StatusCode);
        var tok2 = await r2.JsonAsync();
        var refresh2 = tok2.GetProperty("refresh_token").GetString()!;
        Assert.NotEqual(refresh, refresh2);
        Assert.NotEqual(access, tok2.GetProperty("access_token").GetString());
        Assert.Equal(tok.GetProperty("scope").GetString(), tok2.GetProperty("scope").GetString());

        // the old refresh token is used up
        await AssertOAuthErrorAsync(await TokenFormAsync(("client_id", "ld-demo-client"), ("client_secret", "ld-demo-secret"),
            ("grant_type", "refresh_token"), ("refresh_token", refresh)), HttpStatusCode.BadRequest, "invalid_grant");
        // the new one works
        Assert.Equal(HttpStatusCode.OK, (await TokenFormAsync(("client_id", "ld-demo-client"), ("client_secret", "ld-demo-secret"),
            ("grant_type", "refresh_token"), ("refresh_token", refresh2))).StatusCode);
    }

    [Fact]
    public async Task Client_credentials_in_basic_auth_are_accepted()
    {
        var q = await AuthorizeAsync();
        var req = new HttpRequestMessage(HttpMethod.Post, $"{_f.OAuthUri}/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = q["code"], ["redirect_uri"] = Redirect }),
        };
        req.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ld-demo-client:ld-demo-secret")));
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAsync(req)).StatusCode);
    }

    [Fact]
    public async Task Rfc6749_errors_for_bad_clients_grants_and_types()
    {
        await AssertOAuthErrorAsync(await TokenFormAsync(("client_id", "ld-demo-client"), ("client_secret", "wrong"),
            ("grant_type", "refresh_token"), ("refresh_token", "x")), HttpStatusCode.Unauthorized, "invalid_client");
        await AssertOAuthErrorAsync(await TokenFormAsync(("client_id", "ld-demo-client"), ("client_secret", "ld-demo-secret"),
            ("grant_type", "password")), HttpStatusCode.BadRequest, "unsupported_grant_type");
        await AssertOAuthErrorAsync(await TokenFormAsync(("client_id", "ld-demo-client"), ("client_secret", "ld-demo-secret"),
            ("grant_type", "authorization_code"), ("code", "made-up")), HttpStatusCode.BadRequest, "invalid_grant");
        await AssertOAuthErrorAsync(await TokenFormAsync(("client_id", "ld-demo-client"), ("client_secret", "ld-demo-secret")),
            HttpStatusCode.BadRequest, "invalid_request");
        var q = await AuthorizeAsync();
        await AssertOAuthErrorAsync(await TokenFormAsync(("client_id", "ld-demo-client"), ("client_secret", "ld-demo-secret"), ("redirect_uri", "http://elsewhere/cb"),
            ("grant_type", "authorization_code"), ("code", q["code"])), HttpStatusCode.BadRequest, "invalid_grant");
        var unknownClient = await _http.GetAsync($"{_f.OAuthUri}/authorize?client_id=nope&redirect_uri={Uri.EscapeDataString(Redirect)}&response_type=code");
        await AssertOAuthErrorAsync(unknownClient, HttpStatusCode.BadRequest, "invalid_client");
    }

    [Fact]
    public async Task Authorize_can_be_set_to_deny()
    {
        await _f.CreateClient().AdminPostAsync(_f.AdminUri, "oauth", new { denyAuthorize = true });
        var q = await AuthorizeAsync(state: "s1");
        Assert.Equal("access_denied", q["error"]);
        Assert.Equal("s1", q["state"]);
        Assert.False(q.ContainsKey("code"));
    }

    [Fact]
    public async Task Granted_scopes_can_be_restricted_so_a_scope_goes_missing()
    {
        await _f.CreateClient().AdminPostAsync(_f.AdminUri, "oauth",
            new { grantedScopes = new[] { "prospects.all", "sequences.all", "mailboxes.all", "users.all" } });
        var q = await AuthorizeAsync("prospects.all sequences.all sequenceStates.all mailboxes.all users.all");
        var tok = await (await TokenFormAsync(("client_id", "ld-demo-client"), ("client_secret", "ld-demo-secret"), ("redirect_uri", Redirect),
            ("grant_type", "authorization_code"), ("code", q["code"]))).JsonAsync();
        Assert.Equal("prospects.all sequences.all mailboxes.all users.all", tok.GetProperty("scope").GetString());
        using var api = _f.CreateClient(tok.GetProperty("access_token").GetString());
        await (await api.EnrollAsync(_f.BaseUri, 1, 1, 2)).AssertErrorAsync(HttpStatusCode.Forbidden, "unauthorizedOauthScope", "Unauthorized OAuth Scope",
            "Your authorization does not include the required scope 'sequenceStates.write'.");
    }

    [Fact]
    public async Task User_id_picks_the_approving_user()
    {
        var q = await AuthorizeAsync(userId: "2");
        var tok = await (await TokenFormAsync(("client_id", "ld-demo-client"), ("client_secret", "ld-demo-secret"), ("redirect_uri", Redirect),
            ("grant_type", "authorization_code"), ("code", q["code"]))).JsonAsync();
        using var api = _f.CreateClient(tok.GetProperty("access_token").GetString());
        var root = await (await api.GetAsync(_f.BaseUri)).JsonAsync();
        Assert.Equal(2, root.GetProperty("meta").GetProperty("user").GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Bad_expired_and_revoked_tokens_get_outreachs_401_body()
    {
        using var bad = _f.CreateClient("not-a-token");
        var r = await bad.GetAsync($"{_f.BaseUri}/prospects");
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        var body = await r.JsonAsync();
        Assert.Equal("Invalid JWT token.", body.GetProperty("error").GetString());
        Assert.Equal("The JWT token could not be decoded.", body.GetProperty("description").GetString());
        Assert.False(body.TryGetProperty("errors", out _));

        using var none = _f.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await none.GetAsync($"{_f.BaseUri}/prospects")).StatusCode);

        var token = _f.MintToken(1);
        using var api = _f.CreateClient(token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"{_f.BaseUri}/prospects")).StatusCode);
        await _f.CreateClient().AdminPostAsync(_f.AdminUri, "tokens/revoke", new { token });
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync($"{_f.BaseUri}/prospects")).StatusCode);

        var token2 = _f.MintToken(1);
        using var api2 = _f.CreateClient(token2);
        await _f.CreateClient().AdminPostAsync(_f.AdminUri, "tokens/revoke", new { userId = 1, expire = true });
        var expired = await api2.GetAsync($"{_f.BaseUri}/prospects");
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal("Invalid JWT token.", (await expired.JsonAsync()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Short_ttl_tokens_expire_in_seconds()
    {
        await _f.CreateClient().AdminPostAsync(_f.AdminUri, "oauth", new { accessTokenTtlSeconds = 1 });
        var q = await AuthorizeAsync();
        var tok = await (await TokenFormAsync(("client_id", "ld-demo-client"), ("client_secret", "ld-demo-secret"), ("redirect_uri", Redirect),
            ("grant_type", "authorization_code"), ("code", q["code"]))).JsonAsync();
        Assert.Equal(1, tok.GetProperty("expires_in").GetInt32());
        using var api = _f.CreateClient(tok.GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"{_f.BaseUri}/users/1")).StatusCode);
        _f.Clock.Advance(TimeSpan.FromSeconds(1.2));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync($"{_f.BaseUri}/users/1")).StatusCode);
    }
}
