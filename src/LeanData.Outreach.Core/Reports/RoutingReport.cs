namespace LeanData.Outreach.Reports;

/// <summary>
/// Everything the routing report shows, aggregated in SQL: no raw rows beyond the failure categories' top-N
/// lists. Per-bucket lists line up with <see cref="BucketStarts"/>.
/// </summary>
public sealed record RoutingReport
{
    public required DateTimeOffset GeneratedAt { get; init; }
    public required RoutingReportFilter Filter { get; init; }
    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }
    public required ReportInterval Interval { get; init; }
    public required IReadOnlyList<DateTimeOffset> BucketStarts { get; init; }
    public required OutcomeCounts Totals { get; init; }
    public required IReadOnlyList<OutcomeCounts> Timeline { get; init; }
    public required IReadOnlyList<OutcomeGroup> ByNode { get; init; }
    public required IReadOnlyList<OutcomeGroup> BySequence { get; init; }
    public required IReadOnlyList<FailureGroup> Failures { get; init; }
    public required IReadOnlyList<EdgeTrend> Edges { get; init; }
    public required IReadOnlyList<long> RetriesExhaustedPerBucket { get; init; }
    public required PendingBacklog Backlog { get; init; }
    public required CalloutSummary Callouts { get; init; }
    public required RateLimitUse RateLimits { get; init; }

    public long RetriesExhausted => RetriesExhaustedPerBucket.Sum();

    /// <summary>The report of a store that does not exist yet: every count zero, against the given client budget.</summary>
    public static RoutingReport Empty(RoutingReportFilter filter, DateTimeOffset now, int rateLimit, TimeSpan rateWindow)
    {
        var axis = ReportTimeAxis.For(filter, now, null, null);
        var zeros = axis.Starts.Select(_ => 0L).ToList();
        return new RoutingReport
        {
            GeneratedAt = now,
            Filter = filter,
            From = axis.From,
            To = axis.To,
            Interval = axis.Interval,
            BucketStarts = axis.Starts,
            Totals = OutcomeCounts.Zero,
            Timeline = axis.Starts.Select(_ => OutcomeCounts.Zero).ToList(),
            ByNode = [],
            BySequence = [],
            Failures = [],
            Edges = EdgeTrend.Names.Select(e => EdgeTrend.For(e, zeros)).ToList(),
            RetriesExhaustedPerBucket = zeros,
            Backlog = new PendingBacklog(PendingBacklog.Windows.Select(w => new CountedLabel(w.Label, 0)).ToList(), null, null),
            Callouts = new CalloutSummary(0, 0, 0, [], CalloutSummary.DurationBins.Select(b => new CountedLabel(b.Label, 0)).ToList(), []),
            RateLimits = new RateLimitUse([], rateLimit, rateWindow, zeros),
        };
    }
}
