using System.Globalization;
using System.Net;
using Xunit;

namespace LeanData.Outreach.Tests.Sandbox;

/// <summary>The sandbox's rate limits and maintenance windows, on its fake clock (windows pass when a test advances it).</summary>
public class LimitsAndMaintenanceTests : IClassFixture<FakeClockSandboxFixture>
{
    private readonly FakeClockSandboxFixture _f;
    private readonly HttpClient _admin;

    public LimitsAndMaintenanceTests(FakeClockSandboxFixture fixture)
    {
        _f = fixture;
        _f.Reset();
        _admin = _f.CreateClient();
    }

    private static long Header(HttpResponseMessage r, string name) =>
        long.Parse(r.Headers.GetValues(name).Single(), CultureInfo.InvariantCulture);

    [Fact]
    public async Task Every_api_response_carries_rate_limit_headers()
    {
        using var api = _f.CreateClient(_f.MintToken(1));
        var r1 = await api.GetAsync($"{_f.BaseUri}/users");
        var r2 = await api.GetAsync($"{_f.BaseUri}/users/999");
        Assert.Equal(10_000, Header(r1, "X-RateLimit-Limit"));
        Assert.Equal(9_999, Header(r1, "X-RateLimit-Remaining"));
        Assert.Equal(9_998, Header(r2, "X-RateLimit-Remaining"));
        var reset = Header(r1, "X-RateLimit-Reset");
        var now = _f.Clock.GetUtcNow().ToUnixTimeSeconds();
        Assert.InRange(reset, now + 3599, now + 3601);
    }

    [Fact]
    public async Task Past_the_limit_answers_429_with_retry_after_until_the_window_resets()
    {
        await _admin.AdminPostAsync(_f.AdminUri, "rate-limit", new { limit = 5, windowSeconds = 2 });
        using var api = _f.CreateClient(_f.MintToken(1));
        using var other = _f.CreateClient(_f.MintToken(2));
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"{_f.BaseUri}/users/1")).StatusCode);
        var limited = await api.GetAsync($"{_f.BaseUri}/users/1");
        await limited.AssertErrorAsync(HttpStatusCode.TooManyRequests, "rateLimitExceeded", "Rate Limit Exceeded", "You have exceeded your permitted rate limit of 5; please try again at ");
        Assert.Equal(0, Header(limited, "X-RateLimit-Remaining"));
        Assert.Equal(5, Header(limited, "X-RateLimit-Limit"));
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 2);
        // the budget is per user
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"{_f.BaseUri}/users/1")).StatusCode);
        _f.Clock.Advance(TimeSpan.FromSeconds(2.1));
        var after = await api.GetAsync($"{_f.BaseUri}/users/1");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(4, Header(after, "X-RateLimit-Remaining"));
    }

    [Fact]
    public async Task Rate_limit_can_be_disabled()
    {
        await _admin.AdminPostAsync(_f.AdminUri, "rate-limit", new { limit = 2, windowSeconds = 60 });
        await _admin.AdminPostAsync(_f.AdminUri, "rate-limit", new { enabled = false });
        using var api = _f.CreateClient(_f.MintToken(1));
        for (var i = 0; i < 6; i++) Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"{_f.BaseUri}/users/1")).StatusCode);
    }

    [Fact]
    public async Task Maintenance_window_answers_503_with_iso_retry_after()
    {
        using var api = _f.CreateClient(_f.MintToken(1));
        await _admin.AdminPostAsync(_f.AdminUri, "maintenance", new { durationSeconds = 1 });
        var r = await api.EnrollAsync(_f.BaseUri, 1, 1, 2);
        await r.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "scheduledServerMaintenance", "Scheduled Server Maintenance",
            "Scheduled server maintenance is under way; please try again at ");
        var retryAfter = r.Headers.GetValues("Retry-After").Single();
        var until = DateTimeOffset.Parse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", retryAfter);
        Assert.InRange((until - _f.Clock.GetUtcNow()).TotalSeconds, 0, 1);
        Assert.True(r.Headers.Contains("X-RateLimit-Limit"));
        Assert.Equal(0, _f.Host.Counters.SequenceStatesCreated);
        _f.Clock.Advance(TimeSpan.FromSeconds(1.1));
        Assert.Equal(HttpStatusCode.Created, (await api.EnrollAsync(_f.BaseUri, 1, 1, 2)).StatusCode);
    }

    [Fact]
    public async Task Maintenance_window_can_be_cleared()
    {
        using var api = _f.CreateClient(_f.MintToken(1));
        await _admin.AdminPostAsync(_f.AdminUri, "maintenance", new { durationSeconds = 600 });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await api.GetAsync($"{_f.BaseUri}/users")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"{_f.AdminUri}/maintenance")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"{_f.BaseUri}/users")).StatusCode);
    }
}
