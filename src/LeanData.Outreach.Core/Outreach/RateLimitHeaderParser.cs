using System.Globalization;
using System.Net.Http.Headers;

namespace LeanData.Outreach.Outreach;

/// <summary>Reads Outreach's rate-limit headers leniently (case-insensitive names, several time formats).</summary>
public static class RateLimitHeaderParser
{
    public static RateLimitObservation Parse(int statusCode, HttpResponseHeaders? headers, DateTimeOffset now)
    {
        if (headers is null) return new RateLimitObservation(statusCode, now, null, null, null, null);
        var limit = ParseInt(First(headers, "X-RateLimit-Limit"));
        var remaining = ParseInt(First(headers, "X-RateLimit-Remaining"));
        var reset = ParseReset(First(headers, "X-RateLimit-Reset"), now);
        DateTimeOffset? retryAfter = null;
        if (headers.RetryAfter is { } typed)
        {
            if (typed.Delta is { } delta) retryAfter = now + delta;
            else if (typed.Date is { } date) retryAfter = date;
        }
        retryAfter ??= ParseRetryAfter(First(headers, "Retry-After"), now);
        return new RateLimitObservation(statusCode, now, limit, remaining, reset, retryAfter);
    }

    /// <summary>Retry-After as integer delta seconds, an HTTP-date or an ISO-8601 timestamp (no zone means UTC).</summary>
    public static DateTimeOffset? ParseRetryAfter(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        value = value.Trim();
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && seconds < 1e9)
            return now + TimeSpan.FromSeconds(seconds);
        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var http))
            return http;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var iso))
            return iso;
        return null;
    }

    /// <summary>X-RateLimit-Reset as epoch seconds (or milliseconds when implausibly large); ISO-8601 is accepted too.</summary>
    public static DateTimeOffset? ParseReset(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        value = value.Trim();
        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch))
        {
            if (epoch > 100_000_000_000) return DateTimeOffset.FromUnixTimeMilliseconds(epoch);
            if (epoch > 1_000_000_000) return DateTimeOffset.FromUnixTimeSeconds(epoch);
            if (epoch >= 0) return now + TimeSpan.FromSeconds(epoch); // a small number can only be a delta
            return null;
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var iso))
            return iso;
        return null;
    }

    private static string? First(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static int? ParseInt(string? value) =>
        int.TryParse(value?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
}
