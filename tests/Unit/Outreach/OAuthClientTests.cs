using System.Net;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outreach.OAuth;
using Xunit;
using static LeanData.Outreach.Tests.Outreach.FakeOutreachHandler;

namespace LeanData.Outreach.Tests.Outreach;

public class OAuthClientTests
{
    private static OAuthClient Client(FakeOutreachHandler handler) =>
        new(new HttpClient(handler), TestClients.Base, TestClients.Credentials);

    [Fact]
    public async Task Code_grant_posts_form_fields_and_parses_the_token_set()
    {
        var handler = new FakeOutreachHandler(_ => Respond(HttpStatusCode.OK, TokenJson("a1", "r1", 7200)));
        var before = DateTimeOffset.UtcNow;
        var tokens = await Client(handler).ExchangeCodeAsync("code-123", CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("http://127.0.0.1:5999/oauth/token", request.Uri.AbsoluteUri);
        Assert.StartsWith("application/x-www-form-urlencoded", request.ContentType);
        var form = request.Body!.Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));
        Assert.Equal("authorization_code", form["grant_type"]);
        Assert.Equal("code-123", form["code"]);
        Assert.Equal("client-1", form["client_id"]);
        Assert.Equal("s3cret-client-value", form["client_secret"]);
        Assert.Equal("http://127.0.0.1:5998/callback", form["redirect_uri"]);
        Assert.Equal(("a1", "r1"), (tokens.AccessToken, tokens.RefreshToken));
        Assert.InRange(tokens.ExpiresAt, before.AddSeconds(7190), DateTimeOffset.UtcNow.AddSeconds(7210));
        Assert.Contains("sequenceStates.all", tokens.Scopes);
        Assert.DoesNotContain("a1", tokens.ToString());
    }

    [Theory]
    [InlineData(401, "invalid_client", false, "OAuthInvalidClient")]
    [InlineData(400, "invalid_grant", false, "OAuthInvalidCode")]
    [InlineData(400, "invalid_grant", true, "OAuthRefreshTokenRevoked")]
    [InlineData(400, "invalid_request", false, "OAuthInvalidRequest")]
    [InlineData(400, "invalid_scope", false, "OAuthInvalidScope")]
    [InlineData(429, null, true, "OAuthTokenRateLimited")]
    [InlineData(500, null, true, "OAuthServerError")]
    public async Task Token_endpoint_errors_get_distinct_ids(int status, string? error, bool refresh, string expectedId)
    {
        var body = error is null ? "{}" : $$"""{"error":"{{error}}","error_description":"nope"}""";
        var handler = new FakeOutreachHandler(_ => Respond((HttpStatusCode)status, body));
        var client = Client(handler);
        var ex = await Assert.ThrowsAnyAsync<OAuthException>(() => refresh
            ? client.RefreshAsync("r-old", CancellationToken.None)
            : client.ExchangeCodeAsync("c", CancellationToken.None));
        Assert.Equal(expectedId, ex.ErrorId);
        Assert.DoesNotContain("s3cret-client-value", ex.Message);
    }

    [Fact]
    public async Task Revoked_refresh_token_is_a_configuration_error_telling_to_reconnect()
    {
        var handler = new FakeOutreachHandler(_ => Respond(HttpStatusCode.BadRequest, """{"error":"invalid_grant"}"""));
        var ex = await Assert.ThrowsAsync<TokenRefreshFailedException>(() => Client(handler).RefreshAsync("r-old", CancellationToken.None));
        Assert.Equal(FailureCategory.ConfigurationError, ex.Category);
        Assert.Contains("run Connect-LDOutreach again", ex.RecommendedAction);
    }

    [Fact]
    public void Missing_scopes_are_reported_and_all_covers_read()
    {
        Assert.Empty(OutreachScopes.Missing(["sequences.all", "sequenceStates.all", "mailboxes.all", "prospects.all"]));
        Assert.Equal(["sequenceStates.all"],
            OutreachScopes.Missing(["sequences.all", "mailboxes.all", "prospects.all", "users.read", "sequenceSteps.read", "sequenceStates.read"]));
        Assert.Equal(["rulesets.read", "batches.read", "batches.write"], OutreachScopes.MissingOptional(["users.all", "sequenceSteps.all"]).Select(o => o.Scope));
    }

    [Fact]
    public void Authorize_url_carries_client_redirect_scopes_and_state()
    {
        var url = AuthorizeUrlBuilder.Build(TestClients.Base, "client-1", new Uri("http://127.0.0.1:5998/callback"), "st8");
        Assert.Equal("/oauth/authorize", url.AbsolutePath);
        var query = url.Query.TrimStart('?').Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        Assert.Equal("client-1", query["client_id"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("http://127.0.0.1:5998/callback", query["redirect_uri"]);
        Assert.Equal("st8", query["state"]);
        Assert.Equal("sequences.all sequenceStates.all mailboxes.all prospects.all users.read sequenceSteps.read rulesets.read batches.read batches.write", query["scope"]);
        Assert.Contains("scope=sequences.all%20sequenceStates.all%20", url.AbsoluteUri); // the printed URL stays escaped
        Assert.DoesNotContain(' ', url.AbsoluteUri);
        Assert.NotEqual(AuthorizeUrlBuilder.NewState(), AuthorizeUrlBuilder.NewState());
    }
}
