using System.Net;
using LeanData.Outreach.Outreach;
using Xunit;

namespace LeanData.Outreach.Tests.Outreach;

public class RateLimitHeaderParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 22, 0, 0, TimeSpan.Zero);

    private static RateLimitObservation Parse(params (string Name, string Value)[] headers)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        foreach (var (name, value) in headers) response.Headers.TryAddWithoutValidation(name, value);
        return RateLimitHeaderParser.Parse(429, response.Headers, Now);
    }

    [Fact]
    public void Reads_limit_remaining_and_epoch_reset()
    {
        var reset = Now.AddMinutes(30).ToUnixTimeSeconds();
        var o = Parse(("X-RateLimit-Limit", "10000"), ("x-ratelimit-remaining", "0"), ("X-RateLimit-Reset", reset.ToString()));
        Assert.Equal(10000, o.Limit);
        Assert.Equal(0, o.Remaining);
        Assert.Equal(Now.AddMinutes(30), o.ResetAt);
        Assert.Equal(Now.AddMinutes(30), o.RetryAt);
        Assert.True(o.HasServerLimits);
    }

    [Fact]
    public void Retry_after_as_delta_seconds() => Assert.Equal(Now.AddSeconds(120), Parse(("Retry-After", "120")).RetryAfter);

    [Fact]
    public void Retry_after_as_http_date() =>
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 23, 0, 0, TimeSpan.Zero), Parse(("Retry-After", "Thu, 26 Nov 2026 23:00:00 GMT")).RetryAfter);

    [Fact]
    public void Retry_after_as_iso_8601_with_and_without_zone()
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 1, 30, 0, TimeSpan.Zero), Parse(("Retry-After", "2026-11-27T01:30:00Z")).RetryAfter);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 1, 30, 0, TimeSpan.Zero), Parse(("Retry-After", "2026-11-27T01:30:00")).RetryAfter);
    }

    [Fact]
    public void Retry_after_wins_over_reset()
    {
        var o = Parse(("X-RateLimit-Reset", Now.AddMinutes(30).ToUnixTimeSeconds().ToString()), ("Retry-After", "5"));
        Assert.Equal(Now.AddSeconds(5), o.RetryAt);
    }

    [Fact]
    public void Garbage_and_absent_headers_are_null()
    {
        var o = Parse(("X-RateLimit-Limit", "lots"), ("Retry-After", "soon"));
        Assert.Null(o.Limit);
        Assert.Null(o.RetryAfter);
        Assert.False(o.HasServerLimits);
    }
}
