using System.Net;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outreach.OAuth;
using Xunit;
using static LeanData.Outreach.Tests.Outreach.FakeOutreachHandler;

namespace LeanData.Outreach.Tests.Outreach;

public class OutreachClientTests
{
    private static string StateJson(long id, long prospect, long sequence, string state = "active") =>
        "{\"type\":\"sequenceState\",\"id\":" + id + ",\"attributes\":{\"state\":\"" + state + "\",\"createdAt\":\"" + DateTimeOffset.UtcNow.ToString("O") + "\"}," +
        "\"relationships\":{\"prospect\":{\"data\":{\"type\":\"prospect\",\"id\":" + prospect + "}},\"sequence\":{\"data\":{\"type\":\"sequence\",\"id\":" + sequence + "}}}}";

    [Fact]
    public async Task Pages_through_links_next_with_page_size()
    {
        var handler = new FakeOutreachHandler(r =>
        {
            var query = Uri.UnescapeDataString(r.Uri.Query);
            var after = query.Contains("page[after]=p2") ? 2 : query.Contains("page[after]=p3") ? 3 : 1;
            var ids = Enumerable.Range((after - 1) * 2 + 1, after == 3 ? 1 : 2);
            var data = string.Join(",", ids.Select(i => "{\"type\":\"user\",\"id\":" + i + ",\"attributes\":{\"email\":\"u" + i + "@x.test\",\"locked\":false,\"firstName\":\"U\",\"lastName\":\"" + i + "\"},\"relationships\":{\"mailbox\":{\"data\":{\"type\":\"mailbox\",\"id\":" + (100 + i) + "}}}}"));
            var next = after < 3 ? $$""","links":{"next":"http://127.0.0.1:5999/api/v2/users?page[size]=2&page[after]=p{{after + 1}}"}""" : "";
            return Respond(HttpStatusCode.OK, $$"""{"data":[{{data}}]{{next}}}""");
        });
        using var session = TestClients.Session(handler, new InMemoryTokenStore(TestClients.Tokens()), pageSize: 2);
        var users = new List<LeanData.Outreach.Catalog.OutreachUserInfo>();
        await foreach (var u in session.Client.ListUsersAsync(CancellationToken.None)) users.Add(u);

        Assert.Equal(new long[] { 1, 2, 3, 4, 5 }, users.Select(u => u.Id));
        Assert.Equal(105, users[4].DefaultMailboxId);
        Assert.Equal("U 5", users[4].Name);
        Assert.Equal(3, handler.Requests.Count);
        Assert.Contains("page[size]=2", Uri.UnescapeDataString(handler.Requests.First().Uri.Query));
    }

    [Fact]
    public async Task Sends_json_api_headers_and_bearer_and_reports_callouts_without_secrets()
    {
        var observer = new RecordingObserver();
        var handler = new FakeOutreachHandler(r => Respond(HttpStatusCode.Created, $$"""{"data":{{StateJson(77, 1, 2)}}}""", m =>
        {
            m.Headers.TryAddWithoutValidation("X-RateLimit-Limit", "10000");
            m.Headers.TryAddWithoutValidation("X-RateLimit-Remaining", "9999");
            m.Headers.TryAddWithoutValidation("X-RateLimit-Reset", DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString());
        }));
        using var session = TestClients.Session(handler, new InMemoryTokenStore(TestClients.Tokens("secret-access-token")), observer);

        var result = await session.Client.CreateSequenceStateAsync(1, 2, 3, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(77, result.SequenceStateId);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("Bearer secret-access-token", request.Authorization);
        Assert.Equal("application/vnd.api+json", request.Accept);
        Assert.StartsWith("application/vnd.api+json", request.ContentType);
        Assert.Contains("\"type\":\"sequenceState\"", request.Body);
        Assert.Contains("\"mailbox\":{\"data\":{\"type\":\"mailbox\",\"id\":3}}", request.Body);
        var callout = Assert.Single(observer.Callouts);
        Assert.Equal(("POST", "/api/v2/sequenceStates", 201), (callout.Method, callout.Path, callout.StatusCode));
        Assert.DoesNotContain("secret-access-token", callout.ToString());
        Assert.Equal(9999, Assert.Single(observer.RateLimits).Remaining);
        Assert.Equal(9999, session.Client.LastRateLimit?.Remaining);
    }

    [Fact]
    public async Task Rate_limit_429_is_returned_with_reset_and_not_retried()
    {
        var reset = DateTimeOffset.UtcNow.AddMinutes(20);
        var handler = new FakeOutreachHandler(_ => Error(HttpStatusCode.TooManyRequests, "rateLimitExceeded", "You have exceeded your permitted rate limit", m =>
        {
            m.Headers.TryAddWithoutValidation("X-RateLimit-Remaining", "0");
            m.Headers.TryAddWithoutValidation("X-RateLimit-Reset", reset.ToUnixTimeSeconds().ToString());
        }));
        using var session = TestClients.Session(handler, new InMemoryTokenStore(TestClients.Tokens()));
        var result = await session.Client.CreateSequenceStateAsync(1, 2, 3, CancellationToken.None);
        Assert.Equal(FailureCategory.RateLimitExceeded, result.Failure?.Category);
        Assert.Equal(reset.ToUnixTimeSeconds(), result.Failure!.RetryAt!.Value.ToUnixTimeSeconds());
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Maintenance_503_is_returned_with_retry_after_and_not_retried()
    {
        var handler = new FakeOutreachHandler(_ => Error(HttpStatusCode.ServiceUnavailable, "scheduledServerMaintenance", "Scheduled server maintenance is under way",
            m => m.Headers.TryAddWithoutValidation("Retry-After", "2030-01-01T00:00:00Z")));
        using var session = TestClients.Session(handler, new InMemoryTokenStore(TestClients.Tokens()));
        var result = await session.Client.GetProspectAsync(5, CancellationToken.None);
        Assert.Equal(FailureCategory.ScheduledMaintenance, result.Failure?.Category);
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), result.Failure!.RetryAt);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Server_errors_on_reads_get_quick_retries()
    {
        var handler = new FakeOutreachHandler(r => r.Index < 3
            ? Error(HttpStatusCode.BadGateway, "", "bad gateway")
            : Respond(HttpStatusCode.OK, """{"data":{"type":"prospect","id":5,"attributes":{"emails":["a@b.test"],"optedOut":false}}}"""));
        using var session = TestClients.Session(handler, new InMemoryTokenStore(TestClients.Tokens()));
        var result = await session.Client.GetProspectAsync(5, CancellationToken.None);
        Assert.True(result.IsSuccess);
        Assert.Equal(["a@b.test"], result.Value!.Emails);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task Persistent_server_errors_become_transient_after_the_retry_budget()
    {
        var handler = new FakeOutreachHandler(_ => Error(HttpStatusCode.InternalServerError, "", "boom"));
        using var session = TestClients.Session(handler, new InMemoryTokenStore(TestClients.Tokens()), retries: 2);
        var result = await session.Client.GetProspectAsync(5, CancellationToken.None);
        Assert.Equal(FailureCategory.Transient, result.Failure?.Category);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task Dropped_connection_on_post_is_looked_up_before_resending_and_not_enrolled_twice()
    {
        var observer = new RecordingObserver();
        var posts = 0;
        var handler = new FakeOutreachHandler(r =>
        {
            if (r.Method == HttpMethod.Post)
            {
                Interlocked.Increment(ref posts);
                // The server received and committed the enrollment, but the connection dropped before the answer.
                throw new HttpRequestException("The response ended prematurely.");
            }
            Assert.Contains("filter[prospect][id]=1", Uri.UnescapeDataString(r.Uri.Query));
            Assert.Contains("filter[sequence][id]=2", Uri.UnescapeDataString(r.Uri.Query));
            return Respond(HttpStatusCode.OK, $$"""{"data":[{{StateJson(900, 1, 2)}}]}""");
        });
        using var session = TestClients.Session(handler, new InMemoryTokenStore(TestClients.Tokens()), observer);

        var result = await session.Client.CreateSequenceStateAsync(1, 2, 3, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.True(result.RecoveredExisting);
        Assert.Equal(900, result.SequenceStateId);
        Assert.Equal(1, posts);
        Assert.Contains(observer.Callouts, c => c.StatusCode == 0 && c.Method == "POST");
    }

    [Fact]
    public async Task Post_5xx_with_no_existing_state_is_resent_after_lookup()
    {
        var handler = new FakeOutreachHandler(r =>
        {
            if (r.Method == HttpMethod.Get) return Respond(HttpStatusCode.OK, """{"data":[]}""");
            return r.Index == 1 ? Error(HttpStatusCode.BadGateway, "", "bad gateway") : Respond(HttpStatusCode.Created, $$"""{"data":{{StateJson(901, 1, 2)}}}""");
        });
        using var session = TestClients.Session(handler, new InMemoryTokenStore(TestClients.Tokens()));
        var result = await session.Client.CreateSequenceStateAsync(1, 2, 3, CancellationToken.None);
        Assert.True(result.Succeeded);
        Assert.False(result.RecoveredExisting);
        Assert.Equal(901, result.SequenceStateId);
        Assert.Equal(2, result.HttpAttempts);
        Assert.Equal(new[] { "POST", "GET", "POST" }, handler.Requests.Select(r => r.Method.Method));
    }

    [Fact]
    public async Task Enrollment_rule_violation_is_classified_and_not_retried()
    {
        var handler = new FakeOutreachHandler(_ => Error(HttpStatusCode.UnprocessableEntity, "validationError", "Prospect active in another exclusive sequence"));
        using var session = TestClients.Session(handler, new InMemoryTokenStore(TestClients.Tokens()));
        var result = await session.Client.CreateSequenceStateAsync(1, 2, 3, CancellationToken.None);
        Assert.Equal(FailureCategory.ProspectActiveInAnotherExclusiveSequence, result.Failure?.Category);
        Assert.Equal("Prospect active in another exclusive sequence", result.Failure!.Message);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Sequence_state_actions_post_to_the_action_path()
    {
        var handler = new FakeOutreachHandler(_ => Respond(HttpStatusCode.OK, $$"""{"data":{{StateJson(5, 1, 2, "paused")}}}"""));
        using var session = TestClients.Session(handler, new InMemoryTokenStore(TestClients.Tokens()));
        var paused = await session.Client.PauseSequenceStateAsync(5, CancellationToken.None);
        await session.Client.ResumeSequenceStateAsync(5, CancellationToken.None);
        await session.Client.FinishSequenceStateAsync(5, CancellationToken.None);
        Assert.Equal("paused", paused.Value?.State);
        Assert.Equal(new[] { "/api/v2/sequenceStates/5/actions/pause", "/api/v2/sequenceStates/5/actions/resume", "/api/v2/sequenceStates/5/actions/finish" },
            handler.Requests.Select(r => r.Uri.AbsolutePath));
    }

    [Fact]
    public async Task Next_link_to_another_host_is_not_followed()
    {
        var handler = new FakeOutreachHandler(_ => Respond(HttpStatusCode.OK, """{"data":[],"links":{"next":"https://evil.example/api/v2/users?page[after]=x"}}"""));
        using var session = TestClients.Session(handler, new InMemoryTokenStore(TestClients.Tokens()));
        await Assert.ThrowsAsync<OutreachApiException>(async () =>
        {
            await foreach (var _ in session.Client.ListUsersAsync(CancellationToken.None)) { }
        });
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData("http://api.outreach.io/api/v2")]
    [InlineData("http://10.0.0.5:8080/api/v2")]
    [InlineData("ftp://127.0.0.1/api/v2")]
    public void Plain_http_to_non_loopback_is_refused(string uri)
    {
        var ex = Assert.Throws<InsecureApiBaseUriException>(() => OutreachEndpoints.ValidateApiBaseUri(new Uri(uri)));
        Assert.Equal("InsecureApiBaseUri", ex.ErrorId);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/api/v2", "http://127.0.0.1:5000/oauth/token")]
    [InlineData("http://localhost:5000/api/v2/", "http://localhost:5000/oauth/token")]
    [InlineData("http://[::1]:5000/api/v2", "http://[::1]:5000/oauth/token")]
    [InlineData("https://api.outreach.io/api/v2", "https://api.outreach.io/oauth/token")]
    public void Loopback_http_and_https_are_accepted(string uri, string tokenEndpoint)
    {
        var validated = OutreachEndpoints.ValidateApiBaseUri(new Uri(uri));
        Assert.Equal(tokenEndpoint, OutreachEndpoints.TokenEndpoint(validated).AbsoluteUri);
    }
}
