using LeanData.Outreach.Engine.Execution;
using LeanData.Outreach.Engine.Retry;
using LeanData.Outreach.Outcomes;
using LeanData.Outreach.Store;
using Xunit;
using static LeanData.Outreach.Tests.Engine.Bulk.BulkHarness;
using S = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Sequences;
using U = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Users;

namespace LeanData.Outreach.Tests.Engine.Bulk;

/// <summary>Start-LDRetryWorker's drain groups due actions as Invoke-LDAddToSequence does.</summary>
public class BulkRetryTests
{
    private static IReadOnlyList<ActionRow> StorePending(EngineHarness h, IEnumerable<long> prospects, long mailbox, int attempts = 0, int? lastStatus = 429) =>
        h.Actions.Insert(prospects.Select(p => new ActionRow
        {
            NodeName = "Add to Sequence", RecordId = $"00Q{p:D12}AAA", RecordType = "Lead", ProspectId = p, SequenceId = S.SharedEmail, SequenceName = "Demo",
            MailboxId = mailbox, UserId = mailbox, Outcome = ActionOutcome.Pending, Attempts = attempts, LastStatusCode = lastStatus,
            NextAttemptAt = DateTimeOffset.UtcNow.AddMinutes(-1), CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-2),
        }).ToList());

    [Fact]
    public async Task The_retry_worker_drains_due_actions_of_one_sequence_and_mailbox_in_one_bulk_action()
    {
        await using var h = await EngineHarness.StartAsync();
        var bens = StorePending(h, AddProspects(h, 45), U.Sender);
        var adas = StorePending(h, AddProspects(h, 3, 20_000), U.Admin);
        var worker = new RetryWorker(new ActionLeaseRepository(h.Store), Executor(h, BulkPath(h), new ExecutorOptions { RetryPolicy = Policy, RateLimitUserId = 1, LeaseOwner = "bulk-drain" }),
            new RetryWorkerOptions { Owner = "bulk-drain", BatchSize = 100 });
        var done = new List<AddToSequenceResult>();
        worker.ActionCompleted += done.Add;
        var summary = await worker.RunOnceAsync(CancellationToken.None);

        Assert.Equal(48, summary.Succeeded);
        Assert.Equal(0, summary.PendingInStore);
        Assert.Equal(45, done.Count(r => r.Via == SendPath.Bulk));
        Assert.Equal(3, done.Count(r => r.Via == SendPath.Single));
        Assert.Equal(1, h.Host.Counters.BatchPosts);
        Assert.Equal(3, h.Host.Counters.SequenceStatePosts);
        Assert.All(done, r => Assert.Equal(1, r.Attempts));
        Assert.Equal(48, Scalar(h, "SELECT COUNT(*) FROM actions WHERE outcome = 'Success' AND lease_owner IS NULL"));
        Assert.Equal(bens.Count + adas.Count, done.Count);
    }

    [Fact]
    public async Task Due_actions_whose_outcome_is_unknown_are_looked_up_in_bulk_and_only_the_missing_are_sent()
    {
        await using var h = await EngineHarness.StartAsync();
        var ids = AddProspects(h, 60);
        // The first 30 were enrolled by an attempt whose answer never came back.
        var planner = await PlannerAsync(h);
        await Executor(h, BulkPath(h)).ExecuteAsync(ids[..30].Select((id, i) => planner.Plan(Lead(id, index: i + 1))).ToList(), CancellationToken.None);
        using (var c = h.Store.OpenConnection())
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "DELETE FROM actions";
            cmd.ExecuteNonQuery();
        }
        StorePending(h, ids, U.Sender, attempts: 1, lastStatus: null);
        var posts = h.Host.Counters.BatchPosts;
        var before = Requests(h);

        var summary = await new RetryWorker(new ActionLeaseRepository(h.Store), Executor(h, BulkPath(h), new ExecutorOptions { RetryPolicy = Policy, RateLimitUserId = 1, LeaseOwner = "lookup" }),
            new RetryWorkerOptions { Owner = "lookup", BatchSize = 100 })
            .RunOnceAsync(CancellationToken.None);

        Assert.Equal(60, summary.Succeeded);
        Assert.Equal(posts + 1, h.Host.Counters.BatchPosts); // one bulk action for the 30 missing
        Assert.Equal(0, h.Host.Counters.SequenceStatePosts);
        Assert.Equal(0, h.Host.Counters.Duplicates);
        foreach (var p in ids) Assert.Equal(1, h.Host.Counters.Enrollments(p, S.SharedEmail));
        Assert.True(Requests(h) - before <= 5, $"{Requests(h) - before} requests"); // lookup, POST, poll(s), lookup
        Assert.Equal(30, Scalar(h, "SELECT COUNT(*) FROM actions WHERE outcome = 'Success' AND attempts = 1 AND message LIKE 'The earlier attempt had enrolled%'"));
    }

    [Fact]
    public async Task Due_actions_whose_batch_is_still_processing_wait_for_it_and_are_never_sent_again()
    {
        await using var h = await EngineHarness.StartAsync();
        var ids = AddProspects(h, 30);
        // An earlier run's bulk action was accepted and its outcome never learned (stopped while polling, a refused poll); the
        // batch is still processing (30 items at 20 a second) when the worker takes its actions over.
        h.Host.Runtime.BatchSettings = h.Host.Runtime.BatchSettings with { ItemsPerSecond = 20 };
        var stored = StorePending(h, ids, U.Sender, attempts: 1, lastStatus: null);
        var accepted = await h.Client.StartAddToSequenceBatchAsync(ids, S.SharedEmail, U.Sender, CancellationToken.None);
        Assert.True(accepted.IsSuccess);
        var posts = h.Host.Counters.BatchPosts;

        var summary = await new RetryWorker(new ActionLeaseRepository(h.Store), Executor(h, BulkPath(h), new ExecutorOptions { RetryPolicy = Policy, RateLimitUserId = 1, LeaseOwner = "late" }),
            new RetryWorkerOptions { Owner = "late", BatchSize = 100 })
            .RunOnceAsync(CancellationToken.None);

        Assert.Equal(30, summary.Succeeded);
        Assert.Equal(posts, h.Host.Counters.BatchPosts);
        Assert.Equal(0, h.Host.Counters.SequenceStatePosts);
        Assert.Equal(0, h.Host.Counters.Duplicates);
        foreach (var p in ids) Assert.Equal(1, h.Host.Counters.Enrollments(p, S.SharedEmail));
        Assert.Equal(stored.Count, Scalar(h, "SELECT COUNT(*) FROM actions WHERE outcome = 'Success' AND attempts = 1 AND message LIKE 'The earlier attempt had enrolled%'"));
    }
}
