namespace LeanData.Outreach.Logs;

/// <summary>The partner log summed up: actions, callouts, how they ended, time spent, and failure reasons.</summary>
public sealed class PartnerLogTotals
{
    public long Actions { get; init; }
    public long Callouts { get; init; }
    public long Succeeded { get; init; }
    public long Failed { get; init; }
    public long Pending { get; init; }
    public long TotalCalloutDurationMs { get; init; }
    public IReadOnlyDictionary<string, long> FailureReasons { get; init; } = new Dictionary<string, long>();
}
