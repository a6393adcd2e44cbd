namespace LeanData.Outreach.Outreach;

/// <summary>
/// What one response said about the server's rate limit: <c>X-RateLimit-Limit/Remaining/Reset</c> (reset as
/// epoch seconds) and <c>Retry-After</c> (delta seconds, HTTP-date or ISO-8601), resolved to absolute times.
/// </summary>
public sealed record RateLimitObservation(
    int StatusCode,
    DateTimeOffset ObservedAt,
    int? Limit,
    int? Remaining,
    DateTimeOffset? ResetAt,
    DateTimeOffset? RetryAfter)
{
    /// <summary>When a retry may be sent: Retry-After if given, else the reset time.</summary>
    public DateTimeOffset? RetryAt => RetryAfter ?? ResetAt;

    /// <summary>
    /// Until when this answer says the quota lasts or is used up: a 429's own time (Retry-After, else the reset),
    /// otherwise X-RateLimit-Reset. A 429 with Retry-After 1 means one second, not the hourly reset.
    /// </summary>
    public DateTimeOffset? QuotaResetAt => StatusCode == 429 ? RetryAt : ResetAt;

    /// <summary>True when the response carried any of the rate-limit headers.</summary>
    public bool HasServerLimits => Limit is not null || Remaining is not null || ResetAt is not null;
}
