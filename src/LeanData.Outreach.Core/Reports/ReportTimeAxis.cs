namespace LeanData.Outreach.Reports;

/// <summary>
/// The report's time range and its buckets: the filter's bounds where given, else the first action and now
/// (or the last action, if later); the interval chosen from the span; bucket i starts at Origin + i x Width.
/// </summary>
public sealed record ReportTimeAxis(DateTimeOffset From, DateTimeOffset To, ReportInterval Interval, DateTimeOffset Origin, IReadOnlyList<DateTimeOffset> Starts)
{
    public long WidthMs => (long)Interval.Width().TotalMilliseconds;

    public static ReportTimeAxis For(RoutingReportFilter filter, DateTimeOffset now, DateTimeOffset? firstAction, DateTimeOffset? lastAction)
    {
        var from = filter.Since ?? firstAction ?? now.AddDays(-1);
        var to = filter.Until ?? (lastAction is { } last && last > now ? last : now);
        if (to <= from) to = from.AddMilliseconds(1);
        var interval = ReportIntervals.For(to - from);
        var origin = interval.Floor(from);
        var width = interval.Width();
        var count = (int)Math.Max(1, Math.Ceiling((to - origin) / width));
        return new ReportTimeAxis(from, to, interval, origin, Enumerable.Range(0, count).Select(i => origin + i * width).ToList());
    }
}
