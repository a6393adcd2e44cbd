using System.Collections.Concurrent;
using LeanData.Outreach.Engine.Batching;
using LeanData.Outreach.Engine.Execution;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Store;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using LeanData.Outreach.Outcomes;

namespace LeanData.Outreach.Tests.Engine;

/// <summary>Issue 11 #9: one slow request holds only its own batch's results, not the sends of the batches after it.</summary>
public sealed class BatchOverlapTests : IDisposable
{
    private static long _budgetUser = 970_000;
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static LeanData.Outreach.Engine.Records.SalesforceRecord Lead(int i) =>
        Rec.At(i, ("Id", $"00Q{i:D12}AAA"), ("Outreach_ID__c", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("OwnerId", "005000000000001AAA"),
            ("Owner", Rec.Obj(("Outreach_User_ID__c", 1))), ("Email", "x@example.com"));

    [Fact]
    public async Task While_one_request_of_the_first_batch_is_slow_the_next_batches_are_sent_and_results_still_come_in_input_order()
    {
        var outreach = new OneSlowGateway(slowProspect: 1);
        var executor = new EnrollmentExecutor(outreach, new ActionRepository(new LDStore(_temp.File("store.db"))),
            new ExecutorOptions { ThrottleLimit = 4, RateLimitUserId = Interlocked.Increment(ref _budgetUser), LeaseOwner = "run" });
        await using var run = new AddToSequenceRun(Rec.Planner(), executor, new BatchOptions(5, TimeSpan.FromSeconds(30)), CancellationToken.None,
            new FakeTimeProvider()); // batches by size only: the window never passes
        var feed = Task.Run(async () =>
        {
            for (var i = 1; i <= 40; i++) await run.AcceptAsync(Lead(i));
            await run.CompleteAsync();
        });

        // Batch 1 is records 1-5; its first request stays in flight. The other three permits keep going: into batches 2, 3...
        var overlapped = await outreach.WaitForStartedAsync(15, TimeSpan.FromSeconds(60));
        var startedWhileSlow = outreach.Started;
        outreach.ReleaseSlow();
        await feed.WaitAsync(TimeSpan.FromSeconds(60));
        var results = new List<AddToSequenceResult>();
        await foreach (var r in run.Results.ReadAllAsync()) results.Add(r);

        Assert.True(overlapped, $"only {startedWhileSlow} requests were sent while the first batch's slow request was in flight (its own batch has 5)");
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), results.Select(r => r.ProspectId!.Value));
        Assert.All(results, r => Assert.Equal(ActionOutcome.Success, r.Outcome));
        Assert.Equal(40, outreach.Started);
    }

    /// <summary>Answers at once, except for one prospect, whose request stays in flight until <see cref="ReleaseSlow"/>.</summary>
    private sealed class OneSlowGateway(long slowProspect) : IEnrollmentGateway
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentQueue<TaskCompletionSource> _waiters = new();
        private long _state = 9000;
        private int _started;

        public int Started => Volatile.Read(ref _started);

        public void ReleaseSlow() => _release.TrySetResult();

        public async Task<bool> WaitForStartedAsync(int count, TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            while (Started < count)
            {
                var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Enqueue(next);
                if (Started >= count) break;
                try { await next.Task.WaitAsync(cts.Token); }
                catch (OperationCanceledException) { return false; }
            }
            return true;
        }

        public async Task<EnrollmentResult> EnrollAsync(long prospectId, long sequenceId, long mailboxId, DateTimeOffset? earlierAttemptAt, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _started);
            while (_waiters.TryDequeue(out var waiter)) waiter.TrySetResult();
            if (prospectId == slowProspect) await _release.Task.WaitAsync(cancellationToken);
            return new EnrollmentResult(Interlocked.Increment(ref _state), "active", null, 201, 1, false, null, 5);
        }
    }
}
