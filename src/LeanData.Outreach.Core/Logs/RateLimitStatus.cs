namespace LeanData.Outreach.Logs;

/// <summary>
/// The request budget of one Outreach user (Outreach counts requests per token user): the client budget
/// (Set-LDRateLimit) with the requests recorded in the current window, and the last X-RateLimit headers
/// the server sent.
/// </summary>
public sealed class RateLimitStatus
{
    public long OutreachUserId { get; init; }
    public string? UserName { get; init; }
    public int ClientLimit { get; init; }
    public TimeSpan ClientWindow { get; init; }
    public long ClientUsed { get; init; }
    public long ClientRemaining { get; init; }
    public int? ServerLimit { get; init; }
    public int? ServerRemaining { get; init; }
    public DateTimeOffset? ServerResetAt { get; init; }
    public DateTimeOffset? ServerObservedAt { get; init; }
}
