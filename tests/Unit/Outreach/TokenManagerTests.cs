using System.Net;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outreach.OAuth;
using Xunit;
using static LeanData.Outreach.Tests.Outreach.FakeOutreachHandler;

namespace LeanData.Outreach.Tests.Outreach;

public class TokenManagerTests
{
    private static bool IsToken(FakeOutreachHandler.Received r) => r.Uri.AbsolutePath == "/oauth/token";

    [Fact]
    public async Task Concurrent_callers_share_one_refresh_of_an_expiring_token()
    {
        var refreshes = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new FakeOutreachHandler(async r =>
        {
            Interlocked.Increment(ref refreshes);
            await release.Task;   // the refresh is in flight until every caller has asked
            return Respond(HttpStatusCode.OK, TokenJson("a2", "r2"));
        });
        // Expires in 60 s: inside the 2-minute early-refresh margin.
        var store = new InMemoryTokenStore(TestClients.Tokens("a1", "r1", TimeSpan.FromHours(2), DateTimeOffset.UtcNow.AddHours(-2).AddSeconds(60)));
        var manager = new TokenManager(new OAuthClient(new HttpClient(handler), TestClients.Base, TestClients.Credentials), store);

        var callers = Enumerable.Range(0, 20).Select(_ => manager.GetAccessTokenAsync(CancellationToken.None)).ToList();
        release.SetResult();
        var tokens = await Task.WhenAll(callers);

        Assert.All(tokens, t => Assert.Equal("a2", t));
        Assert.Equal(1, refreshes);
        Assert.Equal("r2", store.Load()!.RefreshToken);
    }

    [Fact]
    public async Task A_fresh_token_is_used_without_refreshing()
    {
        var handler = new FakeOutreachHandler((Func<FakeOutreachHandler.Received, HttpResponseMessage>)(_ => throw new InvalidOperationException("must not refresh")));
        var manager = new TokenManager(new OAuthClient(new HttpClient(handler), TestClients.Base, TestClients.Credentials), new InMemoryTokenStore(TestClients.Tokens("a1")));
        Assert.Equal("a1", await manager.GetAccessTokenAsync(CancellationToken.None));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task A_401_refreshes_once_and_never_again_within_the_minimum_interval()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var n = 0;
        var handler = new FakeOutreachHandler(_ => Respond(HttpStatusCode.OK, TokenJson("a" + Interlocked.Increment(ref n) + "x", "r" + n)));
        var manager = new TokenManager(new OAuthClient(new HttpClient(handler), TestClients.Base, TestClients.Credentials, clock),
            new InMemoryTokenStore(TestClients.Tokens("a0", now: clock.GetUtcNow())), new TokenManagerOptions { MinimumRefreshInterval = TimeSpan.FromSeconds(60) }, clock);

        var first = await manager.RefreshAfterUnauthorizedAsync("a0", CancellationToken.None);
        Assert.Equal("a1x", first);
        // Another caller that also saw a0 rejected gets the already-refreshed token, no new refresh.
        Assert.Equal("a1x", await manager.RefreshAfterUnauthorizedAsync("a0", CancellationToken.None));
        // The new token rejected again within a minute: no refresh.
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Null(await manager.RefreshAfterUnauthorizedAsync("a1x", CancellationToken.None));
        Assert.Single(handler.Requests);
        // After the interval a refresh is allowed again.
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal("a2x", await manager.RefreshAfterUnauthorizedAsync("a1x", CancellationToken.None));
        Assert.Equal(2, manager.RefreshCount);
    }

    [Fact]
    public async Task The_rotated_refresh_token_is_persisted_before_the_new_access_token_is_used()
    {
        var store = new InMemoryTokenStore(TestClients.Tokens("a-old", "r-old", TimeSpan.FromHours(2), DateTimeOffset.UtcNow.AddHours(-2).AddSeconds(-1)));
        var seenStoredWhenUsed = new List<string>();
        var handler = new FakeOutreachHandler(r =>
        {
            if (IsToken(r)) return Respond(HttpStatusCode.OK, TokenJson("a-new", "r-new"));
            // At the moment the new access token reaches the API, the store must already hold the rotated refresh token.
            seenStoredWhenUsed.Add($"{r.Authorization}|{store.Load()!.RefreshToken}");
            return Respond(HttpStatusCode.OK, """{"data":{"type":"prospect","id":1,"attributes":{}}}""");
        });
        using var session = TestClients.Session(handler, store);
        var result = await session.Client.GetProspectAsync(1, CancellationToken.None);
        Assert.True(result.IsSuccess);
        Assert.Equal(["Bearer a-new|r-new"], seenStoredWhenUsed);
    }

    [Fact]
    public async Task Client_refreshes_on_401_and_retries_once()
    {
        var handler = new FakeOutreachHandler(r =>
        {
            if (IsToken(r)) return Respond(HttpStatusCode.OK, TokenJson("a-new", "r-new"));
            return r.Authorization == "Bearer a-new"
                ? Respond(HttpStatusCode.OK, """{"data":{"type":"prospect","id":1,"attributes":{}}}""")
                : Respond(HttpStatusCode.Unauthorized, """{"error":"Invalid JWT token.","description":"The JWT token could not be decoded."}""");
        });
        var store = new InMemoryTokenStore(TestClients.Tokens("a-revoked"));
        using var session = TestClients.Session(handler, store);
        var result = await session.Client.GetProspectAsync(1, CancellationToken.None);
        Assert.True(result.IsSuccess);
        Assert.Equal(1, handler.Requests.Count(IsToken));
        Assert.Equal("r-new", store.Load()!.RefreshToken);
    }

    [Fact]
    public async Task A_revoked_refresh_token_turns_a_401_into_a_configuration_error()
    {
        var handler = new FakeOutreachHandler(r => IsToken(r)
            ? Respond(HttpStatusCode.BadRequest, """{"error":"invalid_grant","error_description":"The refresh token is revoked."}""")
            : Respond(HttpStatusCode.Unauthorized, "{}"));
        using var session = TestClients.Session(handler, new InMemoryTokenStore(TestClients.Tokens("a-bad")));
        var result = await session.Client.CreateSequenceStateAsync(1, 2, 3, CancellationToken.None);
        Assert.Equal(FailureCategory.ConfigurationError, result.Failure?.Category);
        Assert.Equal(ErrorCatalog.OAuthRefreshTokenRevoked.Id, result.Failure!.OutreachErrorId);
        Assert.Contains("Connect-LDOutreach", result.Failure.RecommendedAction);
        Assert.DoesNotContain(handler.Requests, r => r.Method == HttpMethod.Post && !IsToken(r) && r.Index > 2);
    }

    [Fact]
    public async Task Nothing_stored_means_not_connected()
    {
        var manager = new TokenManager(new OAuthClient(new HttpClient(new FakeOutreachHandler(_ => Respond(HttpStatusCode.OK, "{}"))), TestClients.Base, TestClients.Credentials), new InMemoryTokenStore());
        var ex = await Assert.ThrowsAsync<TokenRefreshFailedException>(() => manager.GetAccessTokenAsync(CancellationToken.None));
        Assert.Equal(ErrorCatalog.OutreachNotConnected.Id, ex.ErrorId);
        Assert.Equal(FailureCategory.ConfigurationError, ex.Category);
    }

    private const string Refused = """{"error":"invalid_grant","error_description":"The refresh token is revoked."}""";

    private static TokenSet Expiring(string access, string refresh) =>
        TestClients.Tokens(access, refresh, TimeSpan.FromHours(2), DateTimeOffset.UtcNow.AddHours(-2).AddSeconds(30));

    [Fact]
    public async Task A_refused_refresh_adopts_the_newer_tokens_another_writer_saved_meanwhile()
    {
        var store = new InMemoryTokenStore(Expiring("a-old", "r-old"));
        var handler = new FakeOutreachHandler(r =>
        {
            // Another process (one that did not wait for the lock, or a reconnect) rotated the tokens a moment earlier.
            store.Save(TestClients.Tokens("a-other", "r-other"));
            return Respond(HttpStatusCode.BadRequest, Refused);
        });
        var manager = new TokenManager(new OAuthClient(new HttpClient(handler), TestClients.Base, TestClients.Credentials), store);

        Assert.Equal("a-other", await manager.GetAccessTokenAsync(CancellationToken.None));
        Assert.Single(handler.Requests);
        Assert.Equal("r-other", store.Load()!.RefreshToken);
    }

    [Fact]
    public async Task A_refused_refresh_is_retried_once_with_the_stores_newer_refresh_token_when_that_set_is_due_too()
    {
        var store = new InMemoryTokenStore(Expiring("a-old", "r-old"));
        var handler = new FakeOutreachHandler(r =>
        {
            if (r.Body!.Contains("refresh_token=r-old", StringComparison.Ordinal))
            {
                store.Save(Expiring("a-other", "r-other"));
                return Respond(HttpStatusCode.BadRequest, Refused);
            }
            return Respond(HttpStatusCode.OK, TokenJson("a-new", "r-new"));
        });
        var manager = new TokenManager(new OAuthClient(new HttpClient(handler), TestClients.Base, TestClients.Credentials), store);

        Assert.Equal("a-new", await manager.GetAccessTokenAsync(CancellationToken.None));
        Assert.Equal(2, handler.Requests.Count);
        Assert.Contains("refresh_token=r-other", handler.Requests.ElementAt(1).Body);
        Assert.Equal("r-new", store.Load()!.RefreshToken);
    }

    [Fact]
    public async Task A_refused_refresh_token_with_nothing_newer_stored_fails_and_is_never_sent_again()
    {
        var store = new InMemoryTokenStore(Expiring("a-old", "r-old"));
        var handler = new FakeOutreachHandler(_ => Respond(HttpStatusCode.BadRequest, Refused));
        var manager = new TokenManager(new OAuthClient(new HttpClient(handler), TestClients.Base, TestClients.Credentials), store);

        for (var i = 0; i < 5; i++)
        {
            var ex = await Assert.ThrowsAsync<TokenRefreshFailedException>(() => manager.GetAccessTokenAsync(CancellationToken.None));
            Assert.Equal(ErrorCatalog.OAuthRefreshTokenRevoked.Id, ex.ErrorId);
        }
        Assert.Single(handler.Requests);

        // A reconnect (here: another process saving a new grant) is picked up without restarting.
        store.Save(TestClients.Tokens("a-reconnected", "r-reconnected"));
        Assert.Equal("a-reconnected", await manager.GetAccessTokenAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_reconnect_during_a_refresh_is_not_overwritten_by_the_refreshed_old_grant()
    {
        var store = new InMemoryTokenStore(Expiring("a-old", "r-old"));
        var handler = new FakeOutreachHandler(_ =>
        {
            store.Save(TestClients.Tokens("a-reconnected", "r-reconnected"));
            return Respond(HttpStatusCode.OK, TokenJson("a-new", "r-new"));
        });
        var manager = new TokenManager(new OAuthClient(new HttpClient(handler), TestClients.Base, TestClients.Credentials), store);

        Assert.Equal("a-reconnected", await manager.GetAccessTokenAsync(CancellationToken.None));
        Assert.Equal("r-reconnected", store.Load()!.RefreshToken);
    }

    [Fact]
    public async Task A_token_request_that_never_answers_is_a_transient_failure_after_the_refresh_timeout()
    {
        var never = new TaskCompletionSource<HttpResponseMessage>();
        var handler = new FakeOutreachHandler(_ => never.Task);
        var manager = new TokenManager(new OAuthClient(new HttpClient(handler), TestClients.Base, TestClients.Credentials),
            new InMemoryTokenStore(Expiring("a-old", "r-old")), new TokenManagerOptions { RefreshTimeout = TimeSpan.FromMilliseconds(50) });

        var ex = await Assert.ThrowsAsync<OAuthException>(() => manager.GetAccessTokenAsync(CancellationToken.None));
        Assert.Equal(FailureCategory.Transient, ex.Category);
        Assert.Contains("did not answer", ex.Message);
    }

    [Fact]
    public async Task Tokens_living_shorter_than_the_minimum_interval_are_still_renewed_before_they_expire()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var n = 0;
        var handler = new FakeOutreachHandler(_ => Respond(HttpStatusCode.OK, TokenJson("a" + Interlocked.Increment(ref n), "r" + n, expiresIn: 4)));
        var manager = new TokenManager(new OAuthClient(new HttpClient(handler), TestClients.Base, TestClients.Credentials, clock),
            new InMemoryTokenStore(TestClients.Tokens("a0", "r0", TimeSpan.FromSeconds(4), clock.GetUtcNow())), new TokenManagerOptions(), clock);

        for (var i = 1; i <= 3; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(3.5));
            Assert.Equal("a" + i, await manager.GetAccessTokenAsync(CancellationToken.None));
        }
    }
}
