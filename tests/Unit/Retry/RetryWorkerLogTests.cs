using LeanData.Outreach.Configuration;
using LeanData.Outreach.Engine.Execution;
using LeanData.Outreach.Engine.Planning;
using LeanData.Outreach.Engine.Retry;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Store;
using LeanData.Outreach.Tests.Logs;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using LeanData.Outreach.Outcomes;

namespace LeanData.Outreach.Tests.Retry;

public sealed class RetryWorkerLogTests : IDisposable
{
    private static long _budgetUser = 950_000;
    private readonly TempDirectory _temp = new();
    private readonly LDStore _store;
    private readonly LogSeed _seed;

    public RetryWorkerLogTests()
    {
        _store = new LDStore(_temp.File("store.db"));
        _seed = new LogSeed(_store);
    }

    public void Dispose() => _temp.Dispose();

    private RetryWorker Worker(ScriptedGateway gateway) => new(new ActionLeaseRepository(_store),
        new EnrollmentExecutor(gateway, new ActionRepository(_store), new ExecutorOptions
        {
            RetryPolicy = new RetryPolicy(TimeSpan.FromHours(1), 6),
            BudgetUserId = Interlocked.Increment(ref _budgetUser),
            LeaseOwner = "host:1:w",
        }),
        new RetryWorkerOptions { Owner = "host:1:w", BatchSize = 2 });

    private long Due(long prospect) =>
        _seed.Action(outcome: "Pending", attempts: 1, prospect: prospect, recordId: $"00Q{prospect:D15}", next: DateTimeOffset.UtcNow.AddSeconds(-1), created: DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_drain_reports_its_own_counts_and_the_exit_code_says_whether_actions_became_error()
    {
        Due(1); Due(2); Due(3);
        var failing = Due(4);
        // 3 succeeds, 4 has opted out (Error for good), 1 and 2 fail transiently (still Pending, due in an hour).
        var gateway = new ScriptedGateway((prospect, _) => prospect switch
        {
            4 => ScriptedGateway.Failed(FailureCategory.ProspectOptedOut, 422),
            3 => new ScriptedGateway().Ok(),
            _ => ScriptedGateway.Failed(FailureCategory.Transient, 503),
        });
        var worker = Worker(gateway);
        var drains = new List<RetryWorkerDrain>();
        var failed = new List<AddToSequenceResult>();
        worker.DrainCompleted += drains.Add;
        worker.ActionCompleted += r => { if (r.Outcome == ActionOutcome.Error) failed.Add(r); };

        var summary = await worker.RunOnceAsync(CancellationToken.None);

        var drain = Assert.Single(drains);
        Assert.Equal((4, 1, 1, 2, 2), (drain.Processed, drain.Succeeded, drain.Failed, drain.StillPending, drain.PendingInStore));
        Assert.Equal("host:1:w", drain.WorkerId);
        Assert.NotNull(drain.NextDueAt);
        Assert.Equal(RetryWorkerExitCodes.ActionsFailed, drain.ExitCode);
        Assert.Equal(RetryWorkerExitCodes.ActionsFailed, summary.ExitCode);
        Assert.Equal(failing, Assert.Single(failed).ActionId);

        // A second run finds nothing due: it ran and nothing failed in it.
        var again = Worker(gateway);
        var second = new List<RetryWorkerDrain>();
        again.DrainCompleted += second.Add;
        Assert.Equal(RetryWorkerExitCodes.Ran, (await again.RunOnceAsync(CancellationToken.None)).ExitCode);
        Assert.Equal((0, 0, 2), (Assert.Single(second).Processed, second[0].Failed, second[0].PendingInStore));
    }

    [Fact]
    public void The_log_writes_one_timestamped_key_value_line_per_event_and_appends()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 20, 13, 37, 123, TimeSpan.Zero));
        var path = _temp.File("logs/deep/worker.log");
        var log = RetryWorkerLog.Open(path, time);
        Assert.True(File.Exists(path));
        log.Drain(new RetryWorkerDrain("host:1:w", time.GetUtcNow(), TimeSpan.FromMilliseconds(1250), 4, 1, 1, 2, 2, new DateTimeOffset(2026, 12, 1, 20, 43, 37, TimeSpan.Zero)));
        time.Advance(TimeSpan.FromSeconds(1));
        log.ActionFailed(new AddToSequenceResult
        {
            ActionId = 42, RecordId = "00Q000000000000004", SequenceId = 7, NodeName = "Inbound SDR", Outcome = ActionOutcome.Error,
            ErrorCategory = "ProspectOptedOut", Attempts = 2, StatusCode = 422, Message = "The prospect \"opted\" out\nof email",
        });
        log.CouldNotRun("OutreachNotConnected", "Outreach is not connected.");
        var lines = File.ReadAllLines(path);
        Assert.Equal(3, lines.Length);
        Assert.Equal("2026-12-01T20:13:37.123Z drain worker=host:1:w processed=4 succeeded=1 failed=1 still-pending=2 pending-in-store=2 next-due=2026-12-01T20:43:37Z duration=1.25s exit=2", lines[0]);
        Assert.Equal("2026-12-01T20:13:38.123Z action-failed action=42 record=00Q000000000000004 sequence=7 node=\"Inbound SDR\" outcome=Error category=ProspectOptedOut attempts=2 status=422 " +
            "message=\"The prospect \\\"opted\\\" out\\nof email\"", lines[1]);
        Assert.Equal("2026-12-01T20:13:38.123Z could-not-run error=OutreachNotConnected exit=3 message=\"Outreach is not connected.\"", lines[2]);

        // Another run appends; a rotated-away file is recreated.
        File.Move(path, path + ".1");
        RetryWorkerLog.Open(path, time).CouldNotRun("X", "y");
        Assert.Single(File.ReadAllLines(path));
    }
}
