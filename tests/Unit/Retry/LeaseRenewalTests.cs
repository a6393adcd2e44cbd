using System.Collections.Concurrent;
using LeanData.Outreach.Configuration;
using LeanData.Outreach.Engine.Execution;
using LeanData.Outreach.Engine.Retry;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Store;
using LeanData.Outreach.Tests.Logs;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using LeanData.Outreach.Outcomes;

namespace LeanData.Outreach.Tests.Retry;

/// <summary>Issue 11 #3: a lease is renewed while its action is in hand, so a second worker never takes it over and sends it again.</summary>
public sealed class LeaseRenewalTests : IDisposable
{
    private static long _budgetUser = 950_000;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);
    private readonly TempDirectory _temp = new();
    private readonly LDStore _store;
    private readonly LogSeed _seed;
    private readonly ActionRepository _actions;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    public LeaseRenewalTests()
    {
        _store = new LDStore(_temp.File("store.db"));
        _seed = new LogSeed(_store);
        _actions = new ActionRepository(_store);
    }

    public void Dispose() => _temp.Dispose();

    private RetryWorker Worker(IEnrollmentGateway gateway, string owner, int batch = 10, int throttle = ExecutorOptions.DefaultThrottleLimit) =>
        new(new ActionLeaseRepository(_store), new EnrollmentExecutor(gateway, _actions, new ExecutorOptions
        {
            RetryPolicy = new RetryPolicy(TimeSpan.FromMinutes(1), 6), RateLimitUserId = Interlocked.Increment(ref _budgetUser), LeaseOwner = owner, LeaseDuration = Lease, ThrottleLimit = throttle,
        }, time: _time), new RetryWorkerOptions { Owner = owner, BatchSize = batch, LeaseDuration = Lease, PollInterval = TimeSpan.FromSeconds(1) }, _time);

    [Fact]
    public async Task A_second_worker_does_not_take_over_actions_whose_holder_is_still_sending_them_past_the_lease()
    {
        var prospects = Enumerable.Range(1, 6).Select(i => (long)(500 + i)).ToList();
        foreach (var p in prospects) _seed.Action(outcome: "Pending", prospect: p, recordId: $"00Q0000000000{p}AAA", next: _time.GetUtcNow().AddSeconds(-1), created: _time.GetUtcNow());
        var outreach = new HeldGateway();
        var first = Worker(outreach, "first");
        var firstRun = first.RunOnceAsync(CancellationToken.None);
        await outreach.InFlight.WaitAsync(TimeSpan.FromSeconds(30));

        // Ten lease lengths pass while the first worker's requests are still in flight (a slow Outreach, waits for the budget...).
        for (var s = 0; s < 30; s++) _time.Advance(TimeSpan.FromSeconds(1));
        var second = await Worker(new HeldGateway(holdFirst: 0, outreach.Enrolled), "second").RunOnceAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        outreach.Release();
        var firstSummary = await firstRun.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, second.Processed);
        Assert.Equal(prospects.Count, firstSummary.Succeeded);
        Assert.All(prospects, p => Assert.Equal(1, outreach.Enrolled.GetValueOrDefault(p)));
        Assert.Equal(0, _seed.Scalar("SELECT COUNT(*) FROM actions WHERE outcome <> 'Success' OR lease_owner IS NOT NULL"));
    }

    [Fact]
    public async Task An_action_whose_lease_was_lost_is_left_to_its_new_holder_and_not_sent()
    {
        var id = _seed.Action(outcome: "Pending", next: _time.GetUtcNow().AddSeconds(-1), created: _time.GetUtcNow());
        var outreach = new HeldGateway(holdFirst: 1);
        var batchOfTwo = _seed.Action(outcome: "Pending", prospect: 102, recordId: "00Q000000000002AAA", next: _time.GetUtcNow().AddSeconds(-1), created: _time.GetUtcNow());
        // One request at a time: the second action waits for the first one's permit while its lease is taken.
        var run = Worker(outreach, "first", batch: 2, throttle: 1).RunOnceAsync(CancellationToken.None);
        await outreach.InFlight.WaitAsync(TimeSpan.FromSeconds(30));
        // Another process took the second action over (as after a stall longer than the lease).
        _seed.Scalar($"UPDATE actions SET lease_owner = 'other', lease_expires_ms = {_time.GetUtcNow().AddMinutes(5).ToUnixTimeMilliseconds()} WHERE id = {batchOfTwo}; SELECT 0");
        _time.Advance(TimeSpan.FromSeconds(1));
        outreach.Release();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, outreach.Calls);
        Assert.Equal(1, _seed.Scalar($"SELECT lease_owner = 'other' FROM actions WHERE id = {batchOfTwo}"));
        Assert.Equal(ActionOutcome.Success, _actions.Get([id]).Single().Outcome);
        Assert.Equal(ActionOutcome.Pending, _actions.Get([batchOfTwo]).Single().Outcome);
    }

    /// <summary>Holds the first <c>holdFirst</c> enrollments (all, by default) until <see cref="Release"/>; counts enrollments per prospect.</summary>
    private sealed class HeldGateway(int holdFirst = int.MaxValue, ConcurrentDictionary<long, int>? enrolled = null) : IEnrollmentGateway
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _state = 7000;
        private int _calls;
        public SemaphoreSlim InFlight { get; } = new(0);
        /// <summary>Enrollments per prospect, as Outreach counts them (shared by the gateways of two workers).</summary>
        public ConcurrentDictionary<long, int> Enrolled { get; } = enrolled ?? new();
        public int Calls => _calls;

        public void Release() => _release.TrySetResult();

        public async Task<EnrollmentResult> EnrollAsync(long prospectId, long sequenceId, long mailboxId, DateTimeOffset? earlierAttemptAt, CancellationToken cancellationToken)
        {
            if (earlierAttemptAt is not null && Enrolled.ContainsKey(prospectId))
                return new EnrollmentResult(1, "active", null, 200, 0, true, null, 0);
            if (Interlocked.Increment(ref _calls) <= holdFirst)
            {
                InFlight.Release();
                await _release.Task.WaitAsync(cancellationToken);
            }
            Enrolled.AddOrUpdate(prospectId, 1, (_, n) => n + 1);
            return new EnrollmentResult(Interlocked.Increment(ref _state), "active", null, 201, 1, false, null, 5);
        }
    }
}
