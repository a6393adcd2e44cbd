using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace LeanData.Outreach.Reports;

/// <summary>
/// Renders a <see cref="RoutingReport"/> as one self-contained HTML page: style, Chart.js and the chart data
/// inline, a Content-Security-Policy that forbids every fetch, tables (readable without script, and beneath
/// each chart) built here, charts drawn by the page's script.
/// </summary>
public static class RoutingReportHtml
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static string Render(RoutingReport report)
    {
        var charts = RoutingReportCharts.Build(report).ToDictionary(c => c.Id);
        var html = new StringBuilder(64 * 1024 + ReportAssets.ChartJs.Length);
        var range = $"{Time(report.From)} to {Time(report.To)} (UTC)";
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n")
            .Append("<meta name=\"generator\" content=\"LeanData.Outreach Export-LDRoutingReport\">\n")
            .Append("<title>Routing report: ").Append(E(range)).Append("</title>\n<style>\n").Append(ReportAssets.Style).Append("</style>\n</head>\n<body>\n");

        html.Append("<header>\n<h1>Add to Sequence routing report</h1>\n<p class=\"meta\">")
            .Append(E(range)).Append(" &middot; by ").Append(E(report.Interval.ToString().ToLowerInvariant()))
            .Append(Filters(report.Filter)).Append(" &middot; generated ").Append(E(Time(report.GeneratedAt))).Append(" UTC</p>\n")
            .Append("<nav aria-label=\"Sections\"><a href=\"#outcomes\">Outcomes</a><a href=\"#failures\">Failures</a><a href=\"#edges\">Edges</a>")
            .Append("<a href=\"#backlog\">Pending backlog</a><a href=\"#callouts\">Callouts</a><a href=\"#rate-limits\">Rate limits</a></nav>\n</header>\n<main>\n");

        Tiles(html, report);

        html.Append("<section id=\"outcomes\" aria-labelledby=\"h-outcomes\">\n<h2 id=\"h-outcomes\">Outcomes</h2>\n");
        Figure(html, charts[RoutingReportCharts.Outcomes], 300);
        html.Append("<div class=\"grid2\">\n");
        Figure(html, charts[RoutingReportCharts.Nodes], Bars(charts[RoutingReportCharts.Nodes]));
        Figure(html, charts[RoutingReportCharts.Sequences], Bars(charts[RoutingReportCharts.Sequences]));
        html.Append("</div>\n</section>\n");

        html.Append("<section id=\"failures\" aria-labelledby=\"h-failures\">\n<h2 id=\"h-failures\">Failures by error category</h2>\n")
            .Append("<p class=\"note\">Actions that ended in Error, or wait for a retry (Pending), by error category, with the remedy for each. ")
            .Append("Each category links to its most recent ").Append(report.Filter.Top.ToString(Invariant)).Append(" records.</p>\n");
        Figure(html, charts[RoutingReportCharts.Failures], Bars(charts[RoutingReportCharts.Failures]));
        FailureTable(html, report);
        html.Append("</section>\n");

        html.Append("<section id=\"edges\" aria-labelledby=\"h-edges\">\n<h2 id=\"h-edges\">Edges taken</h2>\n");
        Figure(html, charts[RoutingReportCharts.Edges], 280);
        EdgeTable(html, report);
        html.Append("</section>\n");

        html.Append("<section id=\"backlog\" aria-labelledby=\"h-backlog\">\n<h2 id=\"h-backlog\">Pending backlog and exhausted retries</h2>\n<p class=\"note\">")
            .Append(E(BacklogSentence(report.Backlog))).Append(' ')
            .Append(E($"{Actions(report.RetriesExhausted)} ran out of retries (\"Retry attempt exceeded\") in this range.")).Append("</p>\n<div class=\"grid2\">\n");
        Figure(html, charts[RoutingReportCharts.Backlog], 260);
        Figure(html, charts[RoutingReportCharts.RetriesExhausted], 260);
        html.Append("</div>\n</section>\n");

        html.Append("<section id=\"callouts\" aria-labelledby=\"h-callouts\">\n<h2 id=\"h-callouts\">Callouts</h2>\n<p class=\"note\">")
            .Append(E($"{N(report.Callouts.Total)} callouts; duration p50 {N(report.Callouts.P50Ms)} ms, p95 {N(report.Callouts.P95Ms)} ms.")).Append("</p>\n<div class=\"grid2\">\n");
        Figure(html, charts[RoutingReportCharts.StatusCodes], 260);
        Figure(html, charts[RoutingReportCharts.Durations], 260);
        html.Append("</div>\n");
        StatusTable(html, report.Callouts);
        Figure(html, charts[RoutingReportCharts.FailureReasons], Bars(charts[RoutingReportCharts.FailureReasons]));
        html.Append("</section>\n");

        html.Append("<section id=\"rate-limits\" aria-labelledby=\"h-rate-limits\">\n<h2 id=\"h-rate-limits\">Rate-limit use</h2>\n")
            .Append("<p class=\"note\">Every request counts against the budget of the Outreach user whose token made it. The client budget is ")
            .Append(E($"{N(report.RateLimits.Limit)} requests per {RoutingReportCharts.Describe(report.RateLimits.Window)}"))
            .Append(" (Set-LDRateLimit); Outreach's own X-RateLimit headers always win. ").Append(E(PeakSentence(report.RateLimits))).Append("</p>\n");
        Figure(html, charts[RoutingReportCharts.RateLimitUsers], Bars(charts[RoutingReportCharts.RateLimitUsers]));
        RateLimitTable(html, report.RateLimits);
        Figure(html, charts[RoutingReportCharts.RateLimitTrend], 260);
        html.Append("</section>\n</main>\n");

        html.Append("<footer>Written by Export-LDRoutingReport from the LeanData.Outreach store. Charts drawn with Chart.js ")
            .Append(ReportAssets.ChartJsVersion).Append(" (MIT licence, &copy; Chart.js Contributors), embedded in this file. Times are UTC.</footer>\n");

        var payload = JsonSerializer.Serialize(new { charts = charts.Values.Where(c => !c.Empty).Select(Payload) }, Json);
        html.Append("<script type=\"application/json\" id=\"ld-report-data\">").Append(payload).Append("</script>\n")
            .Append("<script>").Append(ReportAssets.ChartJs).Append("</script>\n")
            .Append("<script>").Append(ReportAssets.Script).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static object Payload(ChartSpec c) => new
    {
        id = c.Id,
        kind = c.Kind,
        title = c.Title,
        categoryAxis = c.CategoryAxis,
        valueAxis = c.ValueAxis,
        labels = c.Labels,
        stacked = c.Stacked,
        horizontal = c.Horizontal,
        series = c.Series.Select(s => new { name = s.Name, color = s.Color, colors = s.Colors, data = s.Data, dash = s.Dash, kind = s.Kind }),
    };

    private static int Bars(ChartSpec chart) => 90 + 28 * Math.Max(chart.Labels.Count, 3);

    private static void Figure(StringBuilder html, ChartSpec chart, int height)
    {
        html.Append("<figure class=\"chart\" id=\"figure-").Append(chart.Id).Append("\">\n<figcaption id=\"caption-").Append(chart.Id).Append("\">")
            .Append(E(chart.Title)).Append("</figcaption>\n");
        if (chart.Empty)
        {
            html.Append("<p class=\"empty\">").Append(E(chart.EmptyText)).Append("</p>\n</figure>\n");
            return;
        }
        var totals = chart.Series.Where(s => s.Kind is null).Select(s => $"{s.Name} {N((long)s.Data.Sum())}");
        html.Append("<div class=\"canvas-box\" style=\"height:").Append(height.ToString(Invariant)).Append("px\">")
            .Append("<canvas id=\"chart-").Append(chart.Id).Append("\" role=\"img\" aria-labelledby=\"caption-").Append(chart.Id)
            .Append("\" aria-describedby=\"values-").Append(chart.Id).Append("\">")
            .Append(E(chart.Title + ": " + string.Join(", ", totals))).Append("</canvas></div>\n")
            .Append("<details id=\"values-").Append(chart.Id).Append("\"><summary>Values as a table</summary><div class=\"table-wrap scroll\"><table class=\"values\">\n<thead><tr><th scope=\"col\">")
            .Append(E(chart.CategoryAxis)).Append("</th>");
        foreach (var s in chart.Series) html.Append("<th scope=\"col\" class=\"num\">").Append(E(s.Name)).Append("</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        // Compact rows (a year is 365 of them per time chart): cells are right-aligned by the values table's style.
        for (var i = 0; i < chart.Labels.Count; i++)
        {
            html.Append("<tr><th>").Append(E(chart.Labels[i])).Append("</th>");
            foreach (var s in chart.Series) html.Append("<td>").Append(N((long)s.Data[i])).Append("</td>");
            html.Append("</tr>\n");
        }
        html.Append("</tbody></table></div></details>\n</figure>\n");
    }

    private static void Tiles(StringBuilder html, RoutingReport report)
    {
        var t = report.Totals;
        var rate = t.Total == 0 ? "-" : ((double)t.Success / t.Total).ToString("P1", Invariant);
        html.Append("<section class=\"tiles\" aria-label=\"Totals\">\n");
        Tile(html, "Actions", N(t.Total), "#777");
        Tile(html, "Success", $"{N(t.Success)} ({rate})", ReportPalette.Success);
        Tile(html, "Pending", N(t.Pending), ReportPalette.Pending);
        Tile(html, "Error", N(t.Error), ReportPalette.Error);
        Tile(html, "Edge", N(t.Edge), ReportPalette.Edge);
        Tile(html, "Skipped (already added)", N(t.Skipped), ReportPalette.Skipped);
        Tile(html, "Retries exhausted", N(report.RetriesExhausted), ReportPalette.Error);
        Tile(html, "Callout p50 / p95", $"{N(report.Callouts.P50Ms)} / {N(report.Callouts.P95Ms)} ms", ReportPalette.Neutral);
        html.Append("</section>\n");
    }

    private static void Tile(StringBuilder html, string label, string value, string color) =>
        html.Append("<div class=\"tile\" style=\"border-left-color:").Append(color).Append("\"><div class=\"value\">").Append(E(value))
            .Append("</div><div class=\"label\">").Append(E(label)).Append("</div></div>\n");

    private static void FailureTable(StringBuilder html, RoutingReport report)
    {
        if (report.Failures.Count == 0) return;
        html.Append("<div class=\"table-wrap\"><table id=\"failure-categories\">\n<caption>Error categories</caption>\n<thead><tr><th scope=\"col\">Category</th>")
            .Append("<th scope=\"col\" class=\"num\">Error</th><th scope=\"col\" class=\"num\">Pending</th><th scope=\"col\" class=\"num\">Records</th>")
            .Append("<th scope=\"col\">Last seen</th><th scope=\"col\">Remedy</th></tr></thead>\n<tbody>\n");
        foreach (var f in report.Failures)
        {
            html.Append("<tr><th scope=\"row\"><a href=\"#records-").Append(E(f.Category)).Append("\">").Append(E(f.Title)).Append("</a><br><code>")
                .Append(E(f.Category)).Append("</code></th><td class=\"num\">").Append(N(f.Errors)).Append("</td><td class=\"num\">").Append(N(f.Pending))
                .Append("</td><td class=\"num\">").Append(N(f.Records)).Append("</td><td>").Append(E(Time(f.LastAt)))
                .Append("</td><td class=\"remedy\">").Append(E(f.RecommendedAction)).Append("</td></tr>\n");
        }
        html.Append("</tbody></table></div>\n");
        foreach (var f in report.Failures)
        {
            html.Append("<h3 id=\"records-").Append(E(f.Category)).Append("\">").Append(E(f.Title)).Append(": latest ")
                .Append(f.Latest.Count.ToString(Invariant)).Append(" of ").Append(N(f.Total)).Append("</h3>\n")
                .Append("<div class=\"table-wrap scroll\"><table class=\"records\">\n<thead><tr><th scope=\"col\">Record</th><th scope=\"col\">Action</th>")
                .Append("<th scope=\"col\">Outcome</th><th scope=\"col\">Node</th><th scope=\"col\">Sequence</th><th scope=\"col\">When</th><th scope=\"col\">Message</th></tr></thead>\n<tbody>\n");
            foreach (var r in f.Latest)
            {
                html.Append("<tr id=\"action-").Append(r.ActionId.ToString(Invariant)).Append("\"><td><a href=\"#action-").Append(r.ActionId.ToString(Invariant))
                    .Append("\"><code>").Append(E(r.RecordId ?? "(none)")).Append("</code></a>").Append(r.RecordType is null ? "" : " " + E(r.RecordType))
                    .Append("</td><td><code title=\"Get-LDAuditLog -ActionId ").Append(r.ActionId.ToString(Invariant)).Append("\">")
                    .Append(r.ActionId.ToString(Invariant)).Append("</code></td><td>").Append(E(r.Outcome)).Append("</td><td>").Append(E(r.NodeName))
                    .Append("</td><td>").Append(E(r.SequenceName ?? "")).Append("</td><td>").Append(E(Time(r.CreatedAt))).Append("</td><td>")
                    .Append(E(r.Message ?? "")).Append("</td></tr>\n");
            }
            html.Append("</tbody></table></div>\n");
        }
        html.Append("<p class=\"note\">Look one up with <code>Get-LDAuditLog -ActionId &lt;Action&gt;</code> or <code>Get-LDPartnerLog -RecordId &lt;Record&gt;</code>.</p>\n");
    }

    private static void EdgeTable(StringBuilder html, RoutingReport report)
    {
        html.Append("<div class=\"table-wrap\"><table id=\"edge-totals\">\n<caption>Edges: totals and what to do</caption>\n<thead><tr><th scope=\"col\">Edge</th>")
            .Append("<th scope=\"col\" class=\"num\">Records</th><th scope=\"col\">Remedy</th></tr></thead>\n<tbody>\n");
        foreach (var e in report.Edges)
        {
            html.Append("<tr><th scope=\"row\">").Append(E(e.Title)).Append("<br><code>").Append(E(e.Edge)).Append("</code></th><td class=\"num\">")
                .Append(N(e.Total)).Append("</td><td class=\"remedy\">").Append(E(e.RecommendedAction)).Append("</td></tr>\n");
        }
        html.Append("</tbody></table></div>\n");
    }

    private static void StatusTable(StringBuilder html, CalloutSummary callouts)
    {
        if (callouts.StatusCodes.Count == 0) return;
        html.Append("<div class=\"table-wrap\"><table id=\"status-codes\">\n<caption>Durations by status code</caption>\n<thead><tr><th scope=\"col\">Status code</th>")
            .Append("<th scope=\"col\" class=\"num\">Callouts</th><th scope=\"col\" class=\"num\">p50 (ms)</th><th scope=\"col\" class=\"num\">p95 (ms)</th></tr></thead>\n<tbody>\n");
        foreach (var s in callouts.StatusCodes)
        {
            html.Append("<tr><th scope=\"row\">").Append(s.StatusCode.ToString(Invariant)).Append("</th><td class=\"num\">").Append(N(s.Count))
                .Append("</td><td class=\"num\">").Append(N(s.P50Ms)).Append("</td><td class=\"num\">").Append(N(s.P95Ms)).Append("</td></tr>\n");
        }
        html.Append("<tr><th scope=\"row\">All</th><td class=\"num\">").Append(N(callouts.Total)).Append("</td><td class=\"num\">").Append(N(callouts.P50Ms))
            .Append("</td><td class=\"num\">").Append(N(callouts.P95Ms)).Append("</td></tr>\n</tbody></table></div>\n");
    }

    private static void RateLimitTable(StringBuilder html, RateLimitUse rate)
    {
        if (rate.Users.Count == 0) return;
        html.Append("<div class=\"table-wrap\"><table id=\"rate-limit-users\">\n<caption>Budget per Outreach user</caption>\n<thead><tr><th scope=\"col\">Outreach user</th>")
            .Append("<th scope=\"col\" class=\"num\">Used</th><th scope=\"col\" class=\"num\">Budget</th><th scope=\"col\" class=\"num\">Server limit</th>")
            .Append("<th scope=\"col\" class=\"num\">Server remaining</th><th scope=\"col\">Server resets</th></tr></thead>\n<tbody>\n");
        foreach (var u in rate.Users)
        {
            html.Append("<tr><th scope=\"row\">").Append(E(u.Label))
                .Append("</th><td class=\"num\">").Append(N(u.Used)).Append("</td><td class=\"num\">").Append(N(u.Limit))
                .Append("</td><td class=\"num\">").Append(u.ServerLimit is { } l ? N(l) : "-").Append("</td><td class=\"num\">")
                .Append(u.ServerRemaining is { } r ? N(r) : "-").Append("</td><td>").Append(u.ServerResetAt is { } at ? E(Time(at)) : "-").Append("</td></tr>\n");
        }
        html.Append("</tbody></table></div>\n");
    }

    private static string BacklogSentence(PendingBacklog backlog)
    {
        if (backlog.Total == 0) return "No action is waiting for a retry.";
        var (next, last) = (Time(backlog.NextDueAt!.Value), Time(backlog.LastDueAt!.Value));
        var who = backlog.Total == 1 ? "1 action waits" : $"{N(backlog.Total)} actions wait";
        return next == last
            ? $"{who} for the retry worker, due {next} UTC."
            : $"{who} for the retry worker; the next falls due {next} UTC, the last {last} UTC.";
    }

    private static string PeakSentence(RateLimitUse rate)
    {
        var peak = rate.BusiestWindowPerBucket.DefaultIfEmpty(0).Max();
        var window = RoutingReportCharts.Describe(rate.Window);
        return peak == 0
            ? "No requests were made in this range."
            : $"The busiest {window} in this range made {(peak == 1 ? "1 request" : $"{N(peak)} requests")}, {Share(peak, rate.Limit)} of the budget.";
    }

    private static string Share(long part, long whole)
    {
        var share = (double)part / whole;
        return share.ToString(share < 0.01 ? "P2" : "P1", Invariant);
    }

    private static string Actions(long count) => count == 1 ? "1 action" : $"{N(count)} actions";

    private static string Filters(RoutingReportFilter filter)
    {
        var parts = new List<string>();
        if (filter.NodeNames.Count > 0) parts.Add("nodes: " + string.Join(", ", filter.NodeNames));
        var sequences = filter.SequenceIds.Select(i => i.ToString(Invariant)).Concat(filter.SequenceNames).ToList();
        if (sequences.Count > 0) parts.Add("sequences: " + string.Join(", ", sequences));
        return string.Concat(parts.Select(p => " &middot; " + E(p)));
    }

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", Invariant);

    private static string N(long value) => value.ToString("N0", Invariant);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
