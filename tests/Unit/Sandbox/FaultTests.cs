using System.Diagnostics;
using System.Net;
using Xunit;

namespace LeanData.Outreach.Tests.Sandbox;

public class FaultTests : IClassFixture<SandboxFixture>
{
    private readonly SandboxFixture _f;
    private readonly HttpClient _admin;
    private readonly HttpClient _api;

    public FaultTests(SandboxFixture fixture)
    {
        _f = fixture;
        _f.Reset();
        _admin = _f.CreateClient();
        _api = _f.CreateClient(_f.MintToken(1));
    }

    private Task Fault(object body) => _admin.AdminPostAsync(_f.AdminUri, "faults", body);

    [Theory]
    [InlineData(500, "internalServerError")]
    [InlineData(502, "badGateway")]
    [InlineData(504, "gatewayTimeout")]
    public async Task Status_fault_hits_the_next_n_requests_of_its_route_only(int status, string id)
    {
        await Fault(new { route = "POST /sequenceStates", kind = "status", status, count = 2 });
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync($"{_f.BaseUri}/users")).StatusCode);
        for (var i = 0; i < 2; i++)
        {
            var r = await _api.EnrollAsync(_f.BaseUri, 1, 2, 2);
            Assert.Equal(status, (int)r.StatusCode);
            var e = (await r.JsonAsync()).GetProperty("errors")[0];
            Assert.Equal(id, e.GetProperty("id").GetString());
            Assert.True(r.Headers.Contains("X-RateLimit-Remaining"));
        }
        Assert.Equal(0, _f.Host.Counters.SequenceStatesCreated);
        Assert.Equal(HttpStatusCode.Created, (await _api.EnrollAsync(_f.BaseUri, 1, 2, 2)).StatusCode);
        Assert.Equal(2, _f.Host.Counters.Requests("POST /sequenceStates", status));
        Assert.Equal(1, _f.Host.Counters.Requests("POST /sequenceStates", 201));
    }

    [Fact]
    [Trait("Category", "RealTime")]
    public async Task Delay_fault_slows_the_response()
    {
        await Fault(new { route = "GET /users/{id}", kind = "delay", delayMs = 300, count = 1 });
        var sw = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync($"{_f.BaseUri}/users/1")).StatusCode);
        Assert.True(sw.ElapsedMilliseconds >= 280, $"took {sw.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Drop_before_body_fails_the_call_and_changes_nothing()
    {
        await Fault(new { route = "POST /sequenceStates", kind = "dropBeforeBody", count = 1 });
        await Assert.ThrowsAsync<HttpRequestException>(() => _api.EnrollAsync(_f.BaseUri, 1, 1, 2));
        Assert.Equal(0, _f.Host.Counters.SequenceStatesCreated);
        Assert.Equal(1, _f.Host.Counters.Requests("POST /sequenceStates", 0));
        Assert.Equal(HttpStatusCode.Created, (await _api.EnrollAsync(_f.BaseUri, 1, 1, 2)).StatusCode);
    }

    [Fact]
    public async Task Drop_after_body_fails_the_call_but_the_enrollment_happened()
    {
        await Fault(new { route = "POST /sequenceStates", kind = "dropAfterBody", count = 1 });
        await Assert.ThrowsAsync<HttpRequestException>(() => _api.EnrollAsync(_f.BaseUri, 1, 1, 2));
        Assert.Equal(1, _f.Host.Counters.SequenceStatesCreated);
        Assert.Equal(1, _f.Host.Counters.Enrollments(1, 1));
        // a careful client looks before re-sending
        var list = await (await _api.GetAsync($"{_f.BaseUri}/sequenceStates?filter[prospect][id]=1&filter[sequence][id]=1")).JsonAsync();
        Assert.Equal(1, list.GetProperty("data").GetArrayLength());
        // a careless one gets the duplicate rule
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await _api.EnrollAsync(_f.BaseUri, 1, 1, 2)).StatusCode);
    }

    [Fact]
    public async Task Rate_limit_storm_answers_429_for_the_next_n_requests()
    {
        await Fault(new { route = "*", kind = "rateLimit", count = 3, retryAfterSeconds = 7 });
        for (var i = 0; i < 3; i++)
        {
            var r = await _api.GetAsync($"{_f.BaseUri}/prospects/1");
            await r.AssertErrorAsync(HttpStatusCode.TooManyRequests, "rateLimitExceeded", "Rate Limit Exceeded");
            Assert.Equal(TimeSpan.FromSeconds(7), r.Headers.RetryAfter!.Delta);
            Assert.Equal("0", r.Headers.GetValues("X-RateLimit-Remaining").Single());
        }
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync($"{_f.BaseUri}/prospects/1")).StatusCode);
    }

    [Fact]
    public async Task Probability_faults_fire_about_that_often_and_reproducibly()
    {
        async Task<int> RunAsync()
        {
            _f.Host.Faults.Clear();
            await Fault(new { route = "GET /users/{id}", kind = "status", status = 503, probability = 0.3, seed = 99 });
            var failures = 0;
            for (var i = 0; i < 60; i++)
                if ((await _api.GetAsync($"{_f.BaseUri}/users/1")).StatusCode != HttpStatusCode.OK) failures++;
            return failures;
        }
        var first = await RunAsync();
        var second = await RunAsync();
        Assert.InRange(first, 6, 35);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Oauth_token_route_can_be_faulted_too()
    {
        await Fault(new { route = "POST /oauth/token", kind = "status", status = 502, count = 1 });
        var r = await new HttpClient().PostAsync($"{_f.OAuthUri}/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "refresh_token" }));
        Assert.Equal(HttpStatusCode.BadGateway, r.StatusCode);
    }

    [Fact]
    public async Task Faults_are_listed_and_cleared()
    {
        await Fault(new { route = "GET /users", kind = "status", status = 500, count = 5 });
        var list = await (await _admin.GetAsync($"{_f.AdminUri}/faults")).JsonAsync();
        Assert.Equal(1, list.GetArrayLength());
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"{_f.AdminUri}/faults")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync($"{_f.BaseUri}/users")).StatusCode);
        var bad = await _admin.PostAsync($"{_f.AdminUri}/faults", new StringContent("{\"kind\":\"meteor\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
