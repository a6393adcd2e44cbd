using LeanData.Outreach.Reports;
using LeanData.Outreach.UseCases;
using LeanData.Outreach.Store;
using LeanData.Outreach.Tests.Logs;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace LeanData.Outreach.Tests.Reports;

public sealed class RoutingReportQueryTests : IDisposable
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _temp = new();
    private readonly LDStore _store;
    private readonly LogSeed _seed;

    public RoutingReportQueryTests()
    {
        _store = new LDStore(_temp.File("store.db"));
        _seed = new LogSeed(_store);
    }

    public void Dispose() => _temp.Dispose();

    private RoutingReport Read(RoutingReportFilter? filter = null, DateTimeOffset? now = null) =>
        new RoutingReportQuery(_store).Read(filter ?? new RoutingReportFilter { Since = Monday, Until = Monday.AddDays(7) }, now ?? Monday.AddDays(7));

    [Fact]
    public void Counts_outcomes_per_day_node_and_sequence()
    {
        _seed.Action(node: "Inbound", outcome: "Success", created: Monday.AddHours(9), sequenceId: 1, sequenceName: "One");
        _seed.Action(node: "Inbound", outcome: "Error", category: "ProspectOptedOut", created: Monday.AddHours(10), sequenceId: 1, sequenceName: "One");
        _seed.Action(node: "Outbound", outcome: "Edge", edge: "QueueOwner", category: "QueueOwner", created: Monday.AddDays(2).AddHours(1), sequenceId: null, sequenceName: null);
        _seed.Action(node: "Outbound", outcome: "Skipped", created: Monday.AddDays(6).AddHours(23), sequenceId: 2, sequenceName: "Two");
        _seed.Action(node: "Outbound", outcome: "Success", created: Monday.AddDays(7));                  // at -Until: outside
        _seed.Action(node: "Outbound", outcome: "Success", created: Monday.AddDays(1));
        new SqlHelper(_store).Execute("UPDATE actions SET action_type = 'Pause Sequence State' WHERE id = 6");  // not Add to Sequence

        var report = Read();

        Assert.Equal(ReportInterval.Day, report.Interval);
        Assert.Equal(7, report.BucketStarts.Count);
        Assert.Equal(Monday, report.BucketStarts[0]);
        Assert.Equal(new OutcomeCounts(1, 0, 1, 1, 1), report.Totals);
        Assert.Equal(new OutcomeCounts(1, 0, 1, 0, 0), report.Timeline[0]);
        Assert.Equal(new OutcomeCounts(0, 0, 0, 1, 0), report.Timeline[2]);
        Assert.Equal(new OutcomeCounts(0, 0, 0, 0, 1), report.Timeline[6]);
        Assert.Equal(["Inbound", "Outbound"], report.ByNode.Select(n => n.Name));
        Assert.Equal(new OutcomeCounts(0, 0, 0, 1, 1), report.ByNode[1].Counts);
        Assert.Equal(["One", "(no sequence)", "Two"], report.BySequence.Select(s => s.Name));
        Assert.Equal([1L, null, 2L], report.BySequence.Select(s => s.Id));
        Assert.Equal([0L, 0, 1, 0, 0, 0, 0], report.Edges.Single(e => e.Edge == "QueueOwner").PerBucket);
        Assert.Equal("Queue Owner", report.Edges.Single(e => e.Edge == "QueueOwner").Title);
    }

    [Fact]
    public void Groups_failures_by_category_with_remedy_distinct_records_and_the_latest_top_n()
    {
        for (var i = 0; i < 5; i++)
            _seed.Action(recordId: $"00Q00000000000{i}AAA", outcome: "Error", category: "ProspectOptedOut", created: Monday.AddHours(i), message: $"opted out {i}");
        _seed.Action(recordId: "00Q000000000000AAA", outcome: "Error", category: "ProspectOptedOut", created: Monday.AddHours(8));  // same record again
        _seed.Action(outcome: "Pending", category: "RateLimitExceeded", created: Monday.AddHours(1), next: Monday.AddDays(7).AddMinutes(30),
            message: "Authorization: Bearer tok-SECRET-1");
        _seed.Action(outcome: "Edge", edge: "MissingProspectId", category: "MissingProspectId", created: Monday);  // an edge, not a failure
        _seed.Action(outcome: "Error", category: "RetryAttemptsExceeded", created: Monday.AddDays(3), failureReason: "Retry attempt exceeded");

        var report = Read(new RoutingReportFilter { Since = Monday, Until = Monday.AddDays(7), Top = 3 });

        Assert.Equal(["ProspectOptedOut", "RateLimitExceeded", "RetryAttemptsExceeded"], report.Failures.Select(f => f.Category));
        var optedOut = report.Failures[0];
        Assert.Equal((6, 0, 5), (optedOut.Errors, optedOut.Pending, optedOut.Records));
        Assert.Equal("Prospect opted out", optedOut.Title);
        Assert.Contains("Revert Opt Out", optedOut.RecommendedAction);
        Assert.Equal(["00Q000000000000AAA", "00Q000000000004AAA", "00Q000000000003AAA"], optedOut.Latest.Select(r => r.RecordId));
        Assert.Equal(Monday.AddHours(8), optedOut.LastAt);
        var pending = report.Failures[1];
        Assert.Equal((0, 1), (pending.Errors, pending.Pending));
        Assert.DoesNotContain("tok-SECRET-1", pending.Latest[0].Message);
        Assert.Equal(1, report.RetriesExhausted);
        Assert.Equal(1, report.RetriesExhaustedPerBucket[3]);
    }

    [Fact]
    public void Puts_the_pending_backlog_in_due_windows_from_now()
    {
        var now = Monday.AddDays(7);
        _seed.Action(outcome: "Pending", category: "Transient", created: Monday, next: now.AddMinutes(-5));
        _seed.Action(outcome: "Pending", category: "Transient", created: Monday, next: now.AddMinutes(30));
        _seed.Action(outcome: "Pending", category: "Transient", created: Monday, next: now.AddHours(3));
        _seed.Action(outcome: "Pending", category: "Transient", created: Monday, next: now.AddDays(30));

        var backlog = Read(now: now).Backlog;

        Assert.Equal([1L, 1, 1, 0, 0, 1], backlog.ByDue.Select(d => d.Count));
        Assert.Equal(4, backlog.Total);
        Assert.Equal(now.AddMinutes(-5), backlog.NextDueAt);
        Assert.Equal(now.AddDays(30), backlog.LastDueAt);
    }

    [Fact]
    public void Summarises_callouts_with_exact_percentiles_and_partner_log_failure_reasons_once_per_action()
    {
        var durations = new long[] { 30, 45, 70, 80, 95, 120, 130, 140, 610, 2400 };
        for (var i = 0; i < durations.Length; i++)
        {
            var status = i < 4 ? 201 : i < 8 ? 422 : 503;
            var action = _seed.Action(outcome: status == 201 ? "Success" : "Error", attempts: 1, created: Monday.AddHours(i),
                failureReason: status == 503 ? "Token is not valid" : null, category: status == 201 ? null : "GeneralValidationError");
            _seed.Callout(action, status, durations[i], at: Monday.AddHours(i), reason: status == 503 ? "Token is not valid" : null);
        }
        // Not in the partner log (no attempt, no callout, not Pending): its reason is not counted.
        _seed.Action(outcome: "Edge", edge: "ConfigurationError", category: "ConfigurationError", failureReason: "Partner not authorized", created: Monday);

        var callouts = Read().Callouts;

        Assert.Equal(10, callouts.Total);
        Assert.Equal((95L, 2400L), (callouts.P50Ms, callouts.P95Ms));
        Assert.Equal([201, 422, 503], callouts.StatusCodes.Select(s => s.StatusCode));
        Assert.Equal(new StatusCodeSummary(201, 4, 45, 80), callouts.StatusCodes[0]);
        Assert.Equal([5L, 3, 0, 1, 0, 1, 0, 0], callouts.Durations.Select(d => d.Count));
        Assert.Equal(new CountedLabel("Token is not valid", 2), Assert.Single(callouts.FailureReasons));
    }

    [Fact]
    public void Measures_the_busiest_budget_window_of_each_bucket()
    {
        var action = _seed.Action(outcome: "Success", attempts: 1, created: Monday);
        foreach (var minutes in new[] { 0, 10, 20, 70 }) _seed.Callout(action, 201, at: Monday.AddHours(9).AddMinutes(minutes));
        _seed.Callout(action, 201, at: Monday.AddDays(1).AddHours(3));

        var rate = Read().RateLimits;

        Assert.Equal([3L, 1, 0, 0, 0, 0, 0], rate.BusiestWindowPerBucket);
        Assert.Equal(5000, rate.Limit);
        Assert.Equal(TimeSpan.FromHours(1), rate.Window);
    }

    [Fact]
    public void Filters_by_node_and_sequence_by_id_or_name_with_wildcards()
    {
        _seed.Action(node: "Inbound SDR", sequenceId: 1, sequenceName: "Nurture", created: Monday);
        _seed.Action(node: "inbound east", sequenceId: 2, sequenceName: "Webinar follow-up", created: Monday);
        _seed.Action(node: "Inbound SDR", sequenceId: 3, sequenceName: "Other", created: Monday);
        _seed.Action(node: "Outbound", sequenceId: 1, sequenceName: "Nurture", created: Monday);

        var report = Read(new RoutingReportFilter { Since = Monday, Until = Monday.AddDays(1), NodeNames = ["INBOUND*"], SequenceIds = [1], SequenceNames = ["webinar*"] });

        Assert.Equal(2, report.Totals.Total);
        Assert.Equal(["Inbound SDR", "inbound east"], report.ByNode.Select(n => n.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Chooses_hours_for_a_day_days_for_a_year_and_weeks_beyond()
    {
        _seed.Action(created: Monday.AddHours(5));
        var day = Read(new RoutingReportFilter { Since = Monday, Until = Monday.AddDays(1) });
        Assert.Equal(ReportInterval.Hour, day.Interval);
        Assert.Equal(24, day.Timeline.Count);
        Assert.Equal(1, day.Timeline[5].Total);

        var year = Read(new RoutingReportFilter { Since = Monday.AddDays(-364), Until = Monday.AddDays(1) });
        Assert.Equal(ReportInterval.Day, year.Interval);
        Assert.Equal(365, year.Timeline.Count);
        Assert.Equal(1, year.Timeline[^1].Total);

        var years = Read(new RoutingReportFilter { Since = Monday.AddDays(-1000), Until = Monday.AddDays(1) });
        Assert.Equal(ReportInterval.Week, years.Interval);
        Assert.Equal(DayOfWeek.Monday, years.BucketStarts[0].DayOfWeek);
        Assert.Equal(1, years.Timeline[^1].Total);
    }

    [Fact]
    public void Without_bounds_runs_from_the_first_action_to_now()
    {
        _seed.Action(created: Monday.AddHours(3));
        var report = Read(new RoutingReportFilter(), now: Monday.AddHours(20));
        Assert.Equal(Monday.AddHours(3), report.From);
        Assert.Equal(Monday.AddHours(20), report.To);
        Assert.Equal(ReportInterval.Hour, report.Interval);
        Assert.Equal(Monday.AddHours(3), report.BucketStarts[0]);
        Assert.Equal(17, report.BucketStarts.Count);
    }

    [Fact]
    public void A_missing_store_is_an_empty_report_and_is_not_created()
    {
        var missing = new LDStore(_temp.File("none/store.db"));
        var report = new RoutingReportExport(missing, new FakeTimeProvider(Monday)).Read(new RoutingReportFilter());
        Assert.False(File.Exists(missing.Path));
        Assert.Equal(0, report.Totals.Total);
        Assert.Equal(24, report.Timeline.Count);
        Assert.All(RoutingReportCharts.Build(report), chart => Assert.True(chart.Empty, chart.Id));
    }

    [Fact]
    public void A_cancelled_token_stops_the_read()
    {
        _seed.Action(created: Monday);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            new RoutingReportQuery(_store).Read(new RoutingReportFilter(), Monday.AddDays(1), cancellationToken: cancellation.Token));
    }

    private sealed class SqlHelper(LDStore store)
    {
        public void Execute(string sql)
        {
            using var connection = store.OpenConnection();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }
}
