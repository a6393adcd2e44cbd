using LeanData.Outreach.Outcomes;

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
    /// <summary>Internal so ConvertTo-Json writes <see cref="ClientWindow"/> (see <see cref="TimeSpanText"/>).</summary>
    internal TimeSpan ClientWindowSpan { get; init; }
    /// <summary>The client window as text; PowerShell reads ClientWindow as a TimeSpan (LeanData.Outreach.Types.ps1xml).</summary>
    public string ClientWindow => TimeSpanText.Of(ClientWindowSpan);
    public long ClientUsed { get; init; }
    public long ClientRemaining { get; init; }
    public int? ServerLimit { get; init; }
    public int? ServerRemaining { get; init; }
    public DateTimeOffset? ServerResetAt { get; init; }
    public DateTimeOffset? ServerObservedAt { get; init; }
}
