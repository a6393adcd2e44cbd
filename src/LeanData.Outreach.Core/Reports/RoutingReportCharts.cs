using System.Globalization;

namespace LeanData.Outreach.Reports;

/// <summary>The report's charts, in page order, from its aggregates. The page draws each and lists its values in a table beneath.</summary>
public static class RoutingReportCharts
{
    /// <summary>Bars per ranked chart (nodes, sequences, categories); the rest are summed into one "Other" bar.</summary>
    public const int MaxBars = 12;

    public const string Outcomes = "outcomes";
    public const string Nodes = "nodes";
    public const string Sequences = "sequences";
    public const string Failures = "failures";
    public const string Edges = "edges";
    public const string Backlog = "backlog";
    public const string RetriesExhausted = "retries-exhausted";
    public const string StatusCodes = "status-codes";
    public const string Durations = "durations";
    public const string FailureReasons = "failure-reasons";
    public const string RateLimitUsers = "rate-limit-users";
    public const string RateLimitTrend = "rate-limit-trend";

    public static IReadOnlyList<ChartSpec> Build(RoutingReport report)
    {
        var time = report.BucketStarts.Select(s => report.Interval.Label(s)).ToList();
        var timeAxis = report.Interval switch
        {
            ReportInterval.Hour => "Hour (UTC)",
            ReportInterval.Day => "Day (UTC)",
            _ => "Week starting (UTC)",
        };
        var per = report.Interval.ToString().ToLowerInvariant();
        var nodes = Ranked(report.ByNode, "nodes");
        var sequences = Ranked(report.BySequence, "sequences");
        var failures = report.Failures.Take(MaxBars).ToList();
        var rate = report.RateLimits;
        var window = Describe(rate.Window);
        return
        [
            new(Outcomes, "bar", $"Outcomes per {per}", timeAxis, "Actions", time, OutcomeSeries(report.Timeline)) { Stacked = true },
            new(Nodes, "bar", "Outcomes per node", "Node", "Actions", nodes.Select(n => n.Name).ToList(), OutcomeSeries(nodes.Select(n => n.Counts).ToList()))
                { Stacked = true, Horizontal = true },
            new(Sequences, "bar", "Outcomes per sequence", "Sequence", "Actions", sequences.Select(n => n.Name).ToList(), OutcomeSeries(sequences.Select(n => n.Counts).ToList()))
                { Stacked = true, Horizontal = true },
            new(Failures, "bar", "Failures by error category", "Error category", "Actions", failures.Select(f => f.Category).ToList(),
                [
                    new("Error", ReportPalette.Error, failures.Select(f => (double)f.Errors).ToList()),
                    new("Pending", ReportPalette.Pending, failures.Select(f => (double)f.Pending).ToList()),
                ]) { Stacked = true, Horizontal = true, EmptyText = "No failures in this range." },
            new(Edges, "line", $"Edges taken per {per}", timeAxis, "Actions", time,
                report.Edges.Select((e, i) => new ChartSeries(e.Title, ReportPalette.ForEdge(e.Edge), e.PerBucket.Select(v => (double)v).ToList()) { Dash = ReportPalette.DashFor(i) }).ToList())
                { EmptyText = "No record took an edge in this range." },
            new(Backlog, "bar", "Pending backlog by when the next attempt is due", "Next attempt due", "Pending actions",
                report.Backlog.ByDue.Select(d => d.Label).ToList(),
                [new("Pending", ReportPalette.Pending, report.Backlog.ByDue.Select(d => (double)d.Count).ToList())])
                { EmptyText = "Nothing is waiting for a retry." },
            new(RetriesExhausted, "bar", $"Retries exhausted per {per}", timeAxis, "Actions",
                time, [new("Retry attempt exceeded", ReportPalette.Error, report.RetriesExhaustedPerBucket.Select(v => (double)v).ToList())])
                { EmptyText = "No action ran out of retries in this range." },
            new(StatusCodes, "bar", "Callouts by HTTP status code", "Status code", "Callouts",
                report.Callouts.StatusCodes.Select(s => s.StatusCode.ToString(CultureInfo.InvariantCulture)).ToList(),
                [new("Callouts", ReportPalette.Edge, report.Callouts.StatusCodes.Select(s => (double)s.Count).ToList())
                    { Colors = report.Callouts.StatusCodes.Select(s => ReportPalette.ForStatus(s.StatusCode)).ToList() }])
                { EmptyText = "No callouts in this range." },
            new(Durations, "bar", "Callout durations", "Duration", "Callouts",
                report.Callouts.Durations.Select(d => d.Label).ToList(),
                [new("Callouts", ReportPalette.Neutral, report.Callouts.Durations.Select(d => (double)d.Count).ToList())])
                { EmptyText = "No callouts in this range." },
            new(FailureReasons, "bar", "Failure reasons (as the partner log names them)", "Failure reason", "Actions",
                report.Callouts.FailureReasons.Take(MaxBars).Select(r => r.Label).ToList(),
                [new("Actions", ReportPalette.Error, report.Callouts.FailureReasons.Take(MaxBars).Select(r => (double)r.Count).ToList())])
                { Horizontal = true, EmptyText = "No failure reasons in this range." },
            new(RateLimitUsers, "bar", $"Requests in the last {window} against the budget, per Outreach user", "Outreach user", "Requests",
                rate.Users.Select(u => u.Label).ToList(),
                [
                    new("Used", ReportPalette.Edge, rate.Users.Select(u => (double)u.Used).ToList()),
                    new("Remaining", ReportPalette.Skipped, rate.Users.Select(u => (double)u.Remaining).ToList()),
                ]) { Stacked = true, Horizontal = true, EmptyText = "No Outreach user has a budget yet (connect first)." },
            new(RateLimitTrend, "bar", $"Requests in the busiest {window} of each {per}" + (ShowBudgetLine(rate) ? ", against the budget" : ""),
                timeAxis, $"Requests per {window}", time, RateLimitTrendSeries(rate, window, time.Count)) { EmptyText = "No requests in this range." },
        ];
    }

    /// <summary>
    /// The budget line only where use comes near it: drawn far above tiny bars it would flatten them to nothing
    /// (the page states the peak as a share of the budget either way).
    /// </summary>
    public static bool ShowBudgetLine(RateLimitUse rate) => rate.BusiestWindowPerBucket.DefaultIfEmpty(0).Max() * 4 >= rate.Limit;

    private static List<ChartSeries> RateLimitTrendSeries(RateLimitUse rate, string window, int points)
    {
        var series = new List<ChartSeries> { new($"Busiest {window}", ReportPalette.Edge, rate.BusiestWindowPerBucket.Select(v => (double)v).ToList()) };
        if (ShowBudgetLine(rate))
            series.Add(new($"Budget ({rate.Limit.ToString("N0", CultureInfo.InvariantCulture)} per {window})", ReportPalette.Budget,
                Enumerable.Repeat((double)rate.Limit, points).ToList()) { Kind = "line", Dash = [6, 3] });
        return series;
    }

    private static List<ChartSeries> OutcomeSeries(IReadOnlyList<OutcomeCounts> counts) =>
    [
        new("Success", ReportPalette.Success, counts.Select(c => (double)c.Success).ToList()),
        new("Pending", ReportPalette.Pending, counts.Select(c => (double)c.Pending).ToList()),
        new("Error", ReportPalette.Error, counts.Select(c => (double)c.Error).ToList()),
        new("Edge", ReportPalette.Edge, counts.Select(c => (double)c.Edge).ToList()),
    ];

    private static List<OutcomeGroup> Ranked(IReadOnlyList<OutcomeGroup> groups, string noun)
    {
        if (groups.Count <= MaxBars) return groups.ToList();
        var rest = groups.Skip(MaxBars - 1).ToList();
        var other = new OutcomeGroup($"Other ({rest.Count} {noun})", null, rest.Aggregate(OutcomeCounts.Zero, (sum, g) => sum.Add(g.Counts)));
        return [.. groups.Take(MaxBars - 1), other];
    }

    public static string Describe(TimeSpan window) =>
        window == TimeSpan.FromHours(1) ? "hour"
        : window.TotalHours >= 1 && window.TotalHours == Math.Floor(window.TotalHours) ? $"{window.TotalHours:0} hours"
        : window.TotalMinutes >= 1 && window.TotalMinutes == Math.Floor(window.TotalMinutes) ? $"{window.TotalMinutes:0} minutes"
        : $"{window.TotalSeconds:0} seconds";
}
