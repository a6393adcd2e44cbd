using LeanData.Outreach.Engine.Bulk;
using LeanData.Outreach.Engine.Execution;
using LeanData.Outreach.Outcomes;
using LeanData.Outreach.Outreach.OAuth;
using LeanData.Outreach.Sandbox.Faults;
using LeanData.Outreach.Sandbox.Hosting;
using Xunit;
using static LeanData.Outreach.Tests.Engine.Bulk.BulkHarness;

namespace LeanData.Outreach.Tests.Engine.Bulk;

/// <summary>The bulk path when the Bulk API fails, is refused, loses its answer, reaches its cap or is stopped.</summary>
public class BulkFaultTests
{
    private const string BatchRoute = "POST /batches/actions/prospectsAddToSequence";

    private static async Task<IReadOnlyList<AddToSequenceResult>> RunAsync(EngineHarness h, EnrollmentExecutor executor, IReadOnlyList<long> prospects,
        CancellationToken cancellationToken = default)
    {
        var planner = await PlannerAsync(h);
        return await executor.ExecuteAsync(prospects.Select((id, i) => planner.Plan(Lead(id, index: i + 1))).ToList(), cancellationToken);
    }

    private static void AssertEnrolledOnce(EngineHarness h, IEnumerable<long> prospects)
    {
        Assert.Equal(0, h.Host.Counters.Duplicates);
        foreach (var p in prospects) Assert.Equal(1, h.Host.Counters.Enrollments(p, 1));
    }

    [Fact]
    public async Task A_batch_that_fails_whole_keeps_what_it_enrolled_and_sends_the_rest_on_their_own()
    {
        await using var h = await EngineHarness.StartAsync();
        var ids = AddProspects(h, 40);
        h.Host.Faults.Add(new FaultRule { Route = BatchRoute, Kind = FaultKind.FailBatch, AfterItems = 10, Count = 1 });
        var results = await RunAsync(h, Executor(h, BulkPath(h)), ids);

        Assert.All(results, r => Assert.Equal(ActionOutcome.Success, r.Outcome));
        Assert.Equal(10, results.Count(r => r.Via == SendPath.Bulk));
        Assert.Equal(30, results.Count(r => r.Via == SendPath.Single));
        Assert.Equal(30, h.Host.Counters.SequenceStatePosts);
        AssertEnrolledOnce(h, ids);
        // The re-sent records show the bulk attempt they took part in, then their own.
        Assert.Equal(30, Scalar(h, "SELECT COUNT(*) FROM attempts WHERE via = 'Bulk' AND message LIKE 'Not among bulk action%failed%'"));
        Assert.All(results.Where(r => r.Via == SendPath.Single), r => Assert.Equal(2, r.Attempts));
    }

    [Theory]
    [InlineData(50_000)] // the batch is done before the client looks
    [InlineData(100)]    // still processing: the client finds the batch and waits for it
    public async Task A_bulk_post_whose_answer_is_lost_is_never_sent_again_blindly(int itemsPerSecond)
    {
        await using var h = await EngineHarness.StartAsync();
        var ids = AddProspects(h, 40);
        h.Host.Runtime.BatchSettings = h.Host.Runtime.BatchSettings with { ItemsPerSecond = itemsPerSecond };
        h.Host.Faults.Add(new FaultRule { Route = BatchRoute, Kind = FaultKind.DropAfterBody, Count = 1 });
        var results = await RunAsync(h, Executor(h, BulkPath(h)), ids);

        Assert.All(results, r => Assert.Equal(ActionOutcome.Success, r.Outcome));
        Assert.All(results, r => Assert.Equal(SendPath.Bulk, r.Via));
        Assert.Equal(1, h.Host.Counters.BatchPosts);
        Assert.Equal(0, h.Host.Counters.SequenceStatePosts);
        AssertEnrolledOnce(h, ids);
        Assert.Equal(40, Scalar(h, "SELECT COUNT(*) FROM attempts WHERE via = 'Bulk' AND message LIKE '%answer was lost%sequenceState%was found%'"));
    }

    [Fact]
    public async Task Without_the_batches_scopes_it_warns_once_and_sends_each_record_on_its_own()
    {
        var withoutBatches = OutreachScopes.Requested.Where(s => !s.StartsWith("batches.", StringComparison.Ordinal)).ToList();
        await using var h = await EngineHarness.StartAsync(scopes: withoutBatches);
        var ids = AddProspects(h, 60);
        var bulk = BulkPath(h);
        var warnings = new List<string>();
        bulk.Availability.Warned += warnings.Add;
        var executor = Executor(h, bulk);
        var first = await RunAsync(h, executor, ids[..30]);
        var second = await RunAsync(h, executor, ids[30..]);

        Assert.All(first.Concat(second), r => Assert.Equal((ActionOutcome.Success, SendPath.Single), (r.Outcome, r.Via)));
        Assert.Equal(0, h.Host.Counters.Requests(BatchRoute)); // the token says so: not even asked
        Assert.Contains("batches.read and batches.write", Assert.Single(warnings));
    }

    [Fact]
    public async Task A_403_from_the_bulk_api_warns_once_and_turns_bulk_off_for_the_run()
    {
        var withoutBatches = OutreachScopes.Requested.Where(s => !s.StartsWith("batches.", StringComparison.Ordinal)).ToList();
        await using var h = await EngineHarness.StartAsync(scopes: withoutBatches, claimedScopes: OutreachScopes.Requested);
        var ids = AddProspects(h, 60);
        var bulk = BulkPath(h);
        var warnings = new List<string>();
        bulk.Availability.Warned += warnings.Add;
        var executor = Executor(h, bulk);
        var results = (await RunAsync(h, executor, ids[..30])).Concat(await RunAsync(h, executor, ids[30..])).ToList();

        Assert.All(results, r => Assert.Equal((ActionOutcome.Success, SendPath.Single), (r.Outcome, r.Via)));
        Assert.Equal(1, h.Host.Counters.Requests(BatchRoute, 403));
        Assert.Contains("batches.write", Assert.Single(warnings));
        Assert.All(results, r => Assert.Equal(1, r.Attempts)); // the refused POST made nothing: not an attempt
    }

    [Fact]
    public async Task The_daily_cap_sends_records_past_it_on_their_own_and_outreachs_own_refusal_ends_bulk_for_the_day()
    {
        await using var h = await EngineHarness.StartAsync();
        var ids = AddProspects(h, 120);
        var executor = Executor(h, BulkPath(h, new BulkOptions { DailyItemCap = 50 }));
        var first = await RunAsync(h, executor, ids[..40]);   // 40 of 50: bulk
        var second = await RunAsync(h, executor, ids[40..80]); // 80 > 50: one by one
        Assert.All(first, r => Assert.Equal(SendPath.Bulk, r.Via));
        Assert.All(second, r => Assert.Equal(SendPath.Single, r.Via));
        Assert.Equal(1, h.Host.Counters.BatchPosts);

        // Outreach's cap (here below ours): its 422 sends the records on their own and no bulk action is tried again today.
        h.Host.Runtime.BatchSettings = h.Host.Runtime.BatchSettings with { DailyItemCap = 60 };
        var other = Executor(h, BulkPath(h, new BulkOptions { DailyItemCap = 1_000_000 }));
        new LeanData.Outreach.Store.SettingsRepository(h.Store).Remove("bulkItemsToday");
        var third = await RunAsync(h, other, ids[80..110]);
        var fourth = await RunAsync(h, other, ids[110..]);
        Assert.All(third.Concat(fourth), r => Assert.Equal((ActionOutcome.Success, SendPath.Single), (r.Outcome, r.Via)));
        Assert.Equal(1, h.Host.Counters.Requests(BatchRoute, 422));
        Assert.Equal(2, h.Host.Counters.BatchPosts);
        AssertEnrolledOnce(h, ids);
    }

    [Fact]
    public async Task Stopped_while_polling_the_records_stay_Pending_with_an_unknown_outcome_and_the_retry_finds_them_enrolled()
    {
        await using var h = await EngineHarness.StartAsync();
        var ids = AddProspects(h, 40);
        h.Host.Runtime.BatchSettings = h.Host.Runtime.BatchSettings with { ItemsPerSecond = 5 };
        using var stop = new CancellationTokenSource();
        var executor = Executor(h, BulkPath(h));
        var run = RunAsync(h, executor, ids, stop.Token);
        Assert.True(h.Host.Counters.WaitForBatchPolls(1, TimeSpan.FromSeconds(30)));
        stop.Cancel();
        var results = await run;

        Assert.All(results, r => Assert.Equal((ActionOutcome.Pending, SendPath.Bulk, 1), (r.Outcome, r.Via, r.Attempts)));
        Assert.All(results, r => Assert.Null(r.StatusCode));
        Assert.All(results, r => Assert.Contains("outcome is unknown", r.Message));
        Assert.Equal(0, Scalar(h, "SELECT COUNT(*) FROM actions WHERE outcome = 'Pending' AND last_status_code IS NOT NULL"));

        // The batch finishes on Outreach's side; the retry looks before it sends, and sends nothing.
        h.Host.Runtime.BatchSettings = h.Host.Runtime.BatchSettings with { ItemsPerSecond = 50_000 };
        long batchId;
        lock (h.Host.Data.Sync) batchId = h.Host.Data.Batches.Keys.Single();
        Assert.True(h.Host.Runtime.BatchProcessor.WaitUntilDone(batchId, TimeSpan.FromSeconds(30)));
        var retried = await executor.RetryAsync(results.Select(r => r.ActionId!.Value).ToList(), CancellationToken.None);
        Assert.All(retried, r => Assert.Equal(ActionOutcome.Success, r.Outcome));
        Assert.Equal(1, h.Host.Counters.BatchPosts);
        Assert.Equal(0, h.Host.Counters.SequenceStatePosts);
        AssertEnrolledOnce(h, ids);
    }
}
