using System.Text.Json;
using System.Text.RegularExpressions;
using LeanData.Outreach.Reports;
using LeanData.Outreach.UseCases;
using LeanData.Outreach.Store;
using LeanData.Outreach.Tests.Logs;
using Xunit;

namespace LeanData.Outreach.Tests.Reports;

public sealed partial class RoutingReportHtmlTests : IDisposable
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_page_is_self_contained_and_carries_one_chart_per_non_empty_spec()
    {
        var store = new LDStore(_temp.File("store.db"));
        var seed = new LogSeed(store);
        var action = seed.Action(outcome: "Error", category: "ProspectOptedOut", attempts: 1, created: Monday.AddHours(2), message: "<script>alert(1)</script>");
        seed.Callout(action, 422, 120, at: Monday.AddHours(2));
        var report = new RoutingReportQuery(store).Read(new RoutingReportFilter { Since = Monday, Until = Monday.AddDays(7) }, Monday.AddDays(7));

        var html = RoutingReportHtml.Render(report);

        Assert.Contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';", html);
        Assert.DoesNotMatch(ExternalReference(), html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.DoesNotContain("<script>alert(1)</script>", html);
        var specs = RoutingReportCharts.Build(report);
        var payload = JsonDocument.Parse(DataBlock().Match(html).Groups[1].Value).RootElement.GetProperty("charts");
        Assert.Equal(specs.Where(s => !s.Empty).Select(s => s.Id), payload.EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        foreach (var spec in specs.Where(s => !s.Empty))
        {
            Assert.Contains($"<canvas id=\"chart-{spec.Id}\" role=\"img\"", html);
            Assert.Contains($"<details id=\"values-{spec.Id}\">", html);
        }
        foreach (var spec in specs.Where(s => s.Empty)) Assert.Contains($"<figure class=\"chart\" id=\"figure-{spec.Id}\">", html);
    }

    [Fact]
    public void A_year_of_daily_data_stays_small()
    {
        var store = new LDStore(_temp.File("year.db"));
        using (var connection = store.OpenConnection())
        using (var command = connection.CreateCommand())
        {
            // 20,000 actions over 365 days, in 40 nodes, 30 sequences and every outcome.
            command.CommandText = $"""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
                INSERT INTO actions(node_name, record_id, sequence_id, sequence_name, outcome, edge, error_category, message, attempts, next_attempt_ms, created_ms, updated_ms)
                SELECT 'Node ' || (i % 40), printf('00Q%015d', i), i % 30, 'Sequence ' || (i % 30),
                       CASE i % 5 WHEN 0 THEN 'Success' WHEN 1 THEN 'Error' WHEN 2 THEN 'Pending' WHEN 3 THEN 'Edge' ELSE 'Skipped' END,
                       CASE WHEN i % 5 = 3 THEN 'QueueOwner' END,
                       CASE i % 5 WHEN 1 THEN 'ProspectOptedOut' WHEN 2 THEN 'Transient' WHEN 3 THEN 'QueueOwner' END,
                       'message ' || i, 1, {Monday.AddDays(400).ToUnixTimeMilliseconds()},
                       {Monday.ToUnixTimeMilliseconds()} + (i * 1577) % (365 * 86400000), 0
                FROM n;
                INSERT INTO callouts(action_id, started_ms, method, path, status_code, duration_ms) SELECT id, created_ms, 'POST', '/x', 201, id % 900 FROM actions;
                """;
            command.ExecuteNonQuery();
        }
        var report = new RoutingReportQuery(store).Read(new RoutingReportFilter { Since = Monday, Until = Monday.AddDays(365) }, Monday.AddDays(365));

        var html = RoutingReportHtml.Render(report);

        Assert.Equal(365, report.Timeline.Count);
        Assert.Equal(20_000, report.Totals.Total);
        Assert.Equal(RoutingReportCharts.MaxBars, RoutingReportCharts.Build(report).Single(c => c.Id == RoutingReportCharts.Nodes).Labels.Count);
        Assert.True(html.Length < 400_000, $"The report is {html.Length:N0} characters.");
        Assert.True(html.Length - ReportAssets.ChartJs.Length < 200_000, $"Beyond Chart.js the report is {html.Length - ReportAssets.ChartJs.Length:N0} characters.");
    }

    [Fact]
    public void Writing_replaces_the_file_atomically_and_leaves_no_temporary_file()
    {
        var path = _temp.File("report.html");
        File.WriteAllText(path, "old");
        var report = RoutingReport.Empty(new RoutingReportFilter(), Monday, 5000, TimeSpan.FromHours(1));

        var bytes = RoutingReportExport.Write(report, path);

        Assert.Equal(new FileInfo(path).Length, bytes);
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(path));
        Assert.Equal(["report.html"], Directory.GetFiles(_temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_cancelled_write_keeps_the_old_file()
    {
        var path = _temp.File("report.html");
        File.WriteAllText(path, "old");
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var report = RoutingReport.Empty(new RoutingReportFilter(), Monday, 5000, TimeSpan.FromHours(1));

        Assert.ThrowsAny<OperationCanceledException>(() => RoutingReportExport.Write(report, path, cancellation.Token));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(["report.html"], Directory.GetFiles(_temp.Path).Select(Path.GetFileName));
    }

    [GeneratedRegex("<(script|img|link|iframe)[^>]+(src|href)=|https?://(?!www\\.chartjs\\.org|github\\.com/kurkle/color)", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    [GeneratedRegex("<script type=\"application/json\" id=\"ld-report-data\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex DataBlock();
}
