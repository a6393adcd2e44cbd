namespace LeanData.Outreach.Reports;

/// <summary>The Pending actions waiting for the retry worker, by when their next attempt falls due.</summary>
public sealed record PendingBacklog(IReadOnlyList<CountedLabel> ByDue, DateTimeOffset? NextDueAt, DateTimeOffset? LastDueAt)
{
    public long Total => ByDue.Sum(d => d.Count);

    /// <summary>The due windows, in order, as (label, upper bound from now); the last has no bound.</summary>
    public static IReadOnlyList<(string Label, TimeSpan? Within)> Windows { get; } =
    [
        ("Due now", TimeSpan.Zero),
        ("Within 1 hour", TimeSpan.FromHours(1)),
        ("1-6 hours", TimeSpan.FromHours(6)),
        ("6-24 hours", TimeSpan.FromHours(24)),
        ("1-7 days", TimeSpan.FromDays(7)),
        ("Later", null),
    ];
}
