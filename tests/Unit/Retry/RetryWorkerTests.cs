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

public sealed class RetryWorkerTests : IDisposable
{
    private static long _budgetUser = 900_000;
    private readonly TempDirectory _temp = new();
    private readonly LDStore _store;
    private readonly LogSeed _seed;
    private readonly ActionRepository _actions;

    public RetryWorkerTests()
    {
        _store = new LDStore(_temp.File("store.db"));
        _seed = new LogSeed(_store);
        _actions = new ActionRepository(_store);
    }

    public void Dispose() => _temp.Dispose();

    private RetryWorker Worker(ScriptedGateway gateway, RetryPolicy? policy = null, string owner = "worker", int batch = 10, TimeProvider? time = null)
    {
        var executor = new EnrollmentExecutor(gateway, _actions, new ExecutorOptions
        {
            RetryPolicy = policy ?? new RetryPolicy(TimeSpan.FromMilliseconds(1), 6),
            RateLimitUserId = Interlocked.Increment(ref _budgetUser),
            LeaseOwner = owner,
        }, time: time);
        return new RetryWorker(new ActionLeaseRepository(_store), executor,
            new RetryWorkerOptions { Owner = owner, BatchSize = batch, PollInterval = TimeSpan.FromMilliseconds(100), LeaseDuration = TimeSpan.FromMinutes(1) }, time);
    }

    private ActionRow Row(long id) => _actions.Get([id]).Single();

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(6)]
    public async Task Makes_exactly_the_configured_further_attempts_then_errors_with_retry_attempt_exceeded(int maxAttempts)
    {
        // The first attempt already failed (attempts = 1); the worker makes exactly maxAttempts more.
        var id = _seed.Action(outcome: "Pending", attempts: 1, lastStatus: 503, category: "Transient", next: DateTimeOffset.UtcNow.AddSeconds(-1), created: DateTimeOffset.UtcNow);
        var gateway = new ScriptedGateway((_, _) => ScriptedGateway.Failed(FailureCategory.Transient, 503));
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var worker = Worker(gateway, new RetryPolicy(TimeSpan.FromMinutes(1), maxAttempts), time: clock);
        for (var run = 0; run < maxAttempts + 3 && Row(id).Outcome == ActionOutcome.Pending; run++)
        {
            await worker.RunOnceAsync(CancellationToken.None);
            clock.Advance(TimeSpan.FromMinutes(1));   // the next attempt falls due
        }
        var row = Row(id);
        Assert.Equal(ActionOutcome.Error, row.Outcome);
        Assert.Equal("Retry attempt exceeded", row.FailureReason);
        Assert.Equal(FailureCategory.RetryAttemptsExceeded, row.Category);
        Assert.Equal(maxAttempts, gateway.Calls);
        Assert.Equal(1 + maxAttempts, row.Attempts);
        Assert.Equal(maxAttempts, _seed.Scalar($"SELECT COUNT(*) FROM attempts WHERE action_id = {id}"));
    }

    [Fact]
    public async Task A_success_on_the_last_allowed_attempt_is_a_success()
    {
        var id = _seed.Action(outcome: "Pending", attempts: 2, lastStatus: 429, next: DateTimeOffset.UtcNow.AddSeconds(-1), created: DateTimeOffset.UtcNow);
        var gateway = new ScriptedGateway();
        var summary = await Worker(gateway, new RetryPolicy(TimeSpan.FromMinutes(1), 2)).RunOnceAsync(CancellationToken.None);
        Assert.Equal(ActionOutcome.Success, Row(id).Outcome);
        Assert.Equal(3, Row(id).Attempts);
        Assert.Equal((1, 1, 0, 0), (summary.Processed, summary.Succeeded, summary.Failed, summary.StillPending));
        Assert.Equal(0, summary.PendingInStore);
        Assert.Null(summary.NextDueAt);
    }

    [Fact]
    public async Task Rate_limit_answers_reschedule_to_the_servers_reset_time()
    {
        var reset = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(20).ToUnixTimeSeconds());
        var id = _seed.Action(outcome: "Pending", attempts: 1, next: DateTimeOffset.UtcNow.AddSeconds(-1), created: DateTimeOffset.UtcNow);
        var gateway = new ScriptedGateway((_, _) => ScriptedGateway.Failed(FailureCategory.RateLimitExceeded, 429, reset));
        var summary = await Worker(gateway).RunOnceAsync(CancellationToken.None);
        var row = Row(id);
        Assert.Equal(ActionOutcome.Pending, row.Outcome);
        Assert.Equal(reset, row.NextAttemptAt);
        Assert.Equal(1, summary.StillPending);
        Assert.Equal(reset, summary.NextDueAt);
    }

    [Fact]
    public async Task Maintenance_answers_reschedule_to_retry_after()
    {
        var retryAfter = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(45).ToUnixTimeSeconds());
        var id = _seed.Action(outcome: "Pending", attempts: 1, next: DateTimeOffset.UtcNow.AddSeconds(-1), created: DateTimeOffset.UtcNow);
        var gateway = new ScriptedGateway((_, _) => ScriptedGateway.Failed(FailureCategory.ScheduledMaintenance, 503, retryAfter));
        await Worker(gateway).RunOnceAsync(CancellationToken.None);
        Assert.Equal(ActionOutcome.Pending, Row(id).Outcome);
        Assert.Equal(retryAfter, Row(id).NextAttemptAt);
        Assert.Equal(FailureCategory.ScheduledMaintenance, Row(id).Category);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Several_workers_drain_one_store_without_sending_an_action_twice(int workers)
    {
        var now = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, 120).Select(i => _seed.Action(outcome: "Pending", prospect: 5000 + i, next: now.AddSeconds(-1), created: now)).ToList();
        var gateway = new ScriptedGateway(delay: TimeSpan.FromMilliseconds(2));
        var summaries = await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => Worker(gateway, owner: "w" + w, batch: 5).RunOnceAsync(CancellationToken.None))));
        Assert.Equal(120, gateway.Calls);
        Assert.All(gateway.Enrolled.Values, n => Assert.Equal(1, n));
        Assert.Equal(120, summaries.Sum(s => s.Succeeded));
        Assert.True(summaries.Count(s => s.Processed > 0) > 1, "the work was shared");
        Assert.All(ids, id => Assert.Equal(ActionOutcome.Success, Row(id).Outcome));
    }

    [Fact]
    public async Task A_taken_over_action_already_enrolled_by_a_crashed_worker_is_not_sent_again()
    {
        var now = DateTimeOffset.UtcNow;
        var id = _seed.Action(outcome: "Pending", attempts: 0, prospect: 77, sequenceId: 7, next: now.AddSeconds(-5), created: now.AddSeconds(-5),
            leaseOwner: "crashed", leaseExpires: now.AddSeconds(-1));
        var gateway = new ScriptedGateway();
        gateway.States[(77, 7)] = new LeanData.Outreach.Outreach.Model.OutreachSequenceState(4242, "active", 77, 7, 1, 1, now.AddSeconds(-4));
        var summary = await Worker(gateway).RunOnceAsync(CancellationToken.None);
        Assert.Equal(0, gateway.Calls);
        Assert.Equal(1, summary.TakenOver);
        Assert.Equal(ActionOutcome.Success, Row(id).Outcome);
        Assert.Equal(4242, Row(id).SequenceStateId);
    }

    [Fact]
    [Trait("Category", "RealTime")]
    public async Task Stopping_a_polling_worker_returns_within_a_second_and_leaves_unsent_work_pending()
    {
        var now = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, 40).Select(i => _seed.Action(outcome: "Pending", prospect: 7000 + i, next: now.AddSeconds(-1), created: now)).ToList();
        var gateway = new ScriptedGateway(delay: TimeSpan.FromMilliseconds(100));
        using var stop = new CancellationTokenSource();
        var worker = Worker(gateway, batch: 4);
        var firstBatch = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        worker.ActionCompleted += _ => firstBatch.TrySetResult();
        var run = worker.RunAsync(stop.Token);
        await firstBatch.Task.WaitAsync(TimeSpan.FromSeconds(30));   // stop mid-drain, with work sent and work left
        var watch = System.Diagnostics.Stopwatch.StartNew();
        stop.Cancel();
        var summary = await run;
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"stopped after {watch.Elapsed}");
        Assert.True(summary.Stopped);
        var rows = _actions.Get(ids);
        Assert.All(rows, r => Assert.Contains(r.Outcome, new[] { ActionOutcome.Success, ActionOutcome.Pending }));
        Assert.Contains(rows, r => r.Outcome == ActionOutcome.Pending);
        Assert.Equal(0, _seed.Scalar("SELECT COUNT(*) FROM actions WHERE lease_owner IS NOT NULL"));
        Assert.All(gateway.Enrolled.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task Include_not_due_sends_every_pending_action_once_per_run()
    {
        var reset = DateTimeOffset.UtcNow.AddMinutes(30);
        var later = _seed.Action(outcome: "Pending", prospect: 8001, next: DateTimeOffset.UtcNow.AddHours(2), created: DateTimeOffset.UtcNow);
        var stubborn = _seed.Action(outcome: "Pending", prospect: 8002, next: DateTimeOffset.UtcNow.AddHours(2), created: DateTimeOffset.UtcNow);
        var gateway = new ScriptedGateway((prospect, _) => prospect == 8002 ? ScriptedGateway.Failed(FailureCategory.RateLimitExceeded, 429, reset) : new ScriptedGateway().Ok());
        var executor = new EnrollmentExecutor(gateway, _actions, new ExecutorOptions { RateLimitUserId = Interlocked.Increment(ref _budgetUser), LeaseOwner = "now" });
        var worker = new RetryWorker(new ActionLeaseRepository(_store), executor, new RetryWorkerOptions { Owner = "now", IncludeNotDue = true });
        var summary = await worker.RunOnceAsync(CancellationToken.None);
        Assert.Equal(ActionOutcome.Success, Row(later).Outcome);
        Assert.Equal(ActionOutcome.Pending, Row(stubborn).Outcome);
        Assert.Equal(2, gateway.Calls);   // the rescheduled action is not sent again in the same run
        Assert.Equal((2, 1, 1), (summary.Processed, summary.Succeeded, summary.StillPending));

        var normal = await Worker(gateway).RunOnceAsync(CancellationToken.None);
        Assert.Equal(0, normal.Processed);   // without it, nothing is due yet
    }

    [Fact]
    public async Task A_polling_worker_picks_up_work_that_falls_due_later()
    {
        var gateway = new ScriptedGateway();
        var clock = new TimerSignalingClock(DateTimeOffset.UtcNow);
        using var stop = new CancellationTokenSource();
        var worker = Worker(gateway, time: clock);
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        worker.ActionCompleted += _ => sent.TrySetResult();
        var run = worker.RunAsync(stop.Token);
        await clock.TimerCreatedAsync(TimeSpan.FromSeconds(30));   // the first drain found nothing and the worker waits
        var due = clock.GetUtcNow().AddMilliseconds(300);
        var id = _seed.Action(outcome: "Pending", next: due, created: clock.GetUtcNow());
        for (var poll = 0; poll < 10 && !sent.Task.IsCompleted; poll++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));   // one poll interval
            await Task.WhenAny(sent.Task, clock.TimerCreatedAsync(TimeSpan.FromSeconds(30)));
        }
        await sent.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(clock.GetUtcNow() >= due, "sent before it was due");
        stop.Cancel();
        var summary = await run;
        Assert.Equal(ActionOutcome.Success, Row(id).Outcome);
        Assert.Equal(1, summary.Succeeded);
    }
}
