using LeanData.Outreach.Engine.Bulk;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outcomes;
using Xunit;
using static LeanData.Outreach.Tests.Engine.Bulk.BulkHarness;
using P = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Prospects;
using U = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Users;

namespace LeanData.Outreach.Tests.Engine.Bulk;

/// <summary>The executor's bulk path against the sandbox's Bulk API over real HTTP.</summary>
public class BulkEnrollmentTests
{
    [Fact]
    public async Task A_group_at_the_threshold_is_one_bulk_action_and_each_record_gets_its_own_sequenceState()
    {
        await using var h = await EngineHarness.StartAsync();
        var ids = AddProspects(h, 60);
        var planner = await PlannerAsync(h);
        var before = Requests(h);
        var results = await Executor(h, BulkPath(h)).ExecuteAsync(ids.Select((id, i) => planner.Plan(Lead(id, index: i + 1))).ToList(), CancellationToken.None);

        Assert.All(results, r => Assert.Equal(ActionOutcome.Success, r.Outcome));
        Assert.All(results, r => Assert.Equal(SendPath.Bulk, r.Via));
        Assert.Equal(ids, results.Select(r => r.ProspectId!.Value));
        Assert.Equal(1, h.Host.Counters.BatchPosts);
        Assert.Equal(0, h.Host.Counters.SequenceStatePosts);
        Assert.Equal(60, h.Host.Counters.SequenceStatesCreated);
        lock (h.Host.Data.Sync)
            foreach (var r in results)
                Assert.Equal(r.ProspectId, h.Host.Data.SequenceStates[r.SequenceStateId!.Value].ProspectId);
        Assert.True(Requests(h) - before <= 4, $"{Requests(h) - before} requests for 60 enrollments"); // POST, poll(s), lookup; no failed items to read
        Assert.Equal(60, Scalar(h, "SELECT COUNT(*) FROM actions WHERE via = 'Bulk' AND outcome = 'Success' AND lease_owner IS NULL"));
        Assert.Equal(60, Scalar(h, "SELECT COUNT(*) FROM attempts WHERE via = 'Bulk' AND http_status = 200"));
        Assert.Equal(60, Scalar(h, "SELECT COUNT(DISTINCT action_id) FROM callouts WHERE method = 'POST' AND path LIKE '%/batches/actions/prospectsAddToSequence'"));
        Assert.Equal(60, Scalar(h, "SELECT COUNT(DISTINCT action_id) FROM callouts WHERE method = 'GET' AND path LIKE '%/sequenceStates'"));
    }

    [Fact]
    public async Task Smaller_groups_repeated_prospects_and_NoBulk_take_the_per_record_path()
    {
        await using var h = await EngineHarness.StartAsync();
        var ids = AddProspects(h, 30);
        var planner = await PlannerAsync(h);
        // 30 from Ben's mailbox (bulk), 3 from Ada's (too few: single POSTs).
        var plans = ids.Select((id, i) => planner.Plan(Lead(id, index: i + 1))).ToList();
        plans.AddRange(new[] { P.Success1, P.Success2, P.Success3 }.Select((id, i) => planner.Plan(Lead(id, U.Admin, 100 + i))));
        var results = await Executor(h, BulkPath(h)).ExecuteAsync(plans, CancellationToken.None);
        Assert.All(results, r => Assert.Equal(ActionOutcome.Success, r.Outcome));
        Assert.Equal(30, results.Count(r => r.Via == SendPath.Bulk));
        Assert.Equal(3, results.Count(r => r.Via == SendPath.Single));
        Assert.Equal(1, h.Host.Counters.BatchPosts);
        Assert.Equal(3, h.Host.Counters.SequenceStatePosts);

        await using var off = await EngineHarness.StartAsync();
        var offIds = AddProspects(off, 30);
        var offPlanner = await PlannerAsync(off);
        var single = await Executor(off, BulkPath(off, BulkOptions.Disabled)).ExecuteAsync(offIds.Select((id, i) => offPlanner.Plan(Lead(id, index: i + 1))).ToList(), CancellationToken.None);
        Assert.All(single, r => Assert.Equal(SendPath.Single, r.Via));
        Assert.Equal(0, off.Host.Counters.BatchPosts);
        Assert.Equal(30, off.Host.Counters.SequenceStatePosts);
    }

    [Fact]
    public async Task Failed_items_with_a_rate_limit_or_maintenance_text_go_Pending_like_a_single_post_and_the_rest_go_Error()
    {
        await using var h = await EngineHarness.StartAsync();
        var ids = AddProspects(h, 30);
        lock (h.Host.Data.Sync)
        {
            // The sandbox answers these prospects' enrollment with the given detail, as a 422 and as a batch item's info.
            h.Host.Data.Prospects[ids[0]].CustomValidationError = "You have exceeded your permitted rate limit of 10,000; please try again at 2030-01-02T03:00:00.";
            h.Host.Data.Prospects[ids[1]].CustomValidationError = "Scheduled server maintenance is under way; please try again at 2030-01-02T04:00:00.";
            h.Host.Data.Prospects[ids[2]].CustomValidationError = LeanData.Outreach.Sandbox.Seeding.DemoPreset.CustomValidationMessage;
        }
        var planner = await PlannerAsync(h);
        var results = await Executor(h, BulkPath(h)).ExecuteAsync(ids.Select((id, i) => planner.Plan(Lead(id, index: i + 1))).ToList(), CancellationToken.None);

        Assert.All(results, r => Assert.Equal((SendPath.Bulk, 1), (r.Via!.Value, r.Attempts)));
        Assert.Equal((ActionOutcome.Pending, nameof(FailureCategory.RateLimitExceeded)), (results[0].Outcome, results[0].ErrorCategory));
        Assert.Equal((ActionOutcome.Pending, nameof(FailureCategory.ScheduledMaintenance)), (results[1].Outcome, results[1].ErrorCategory));
        Assert.All(results.Take(2), r => Assert.True(r.NextAttemptAt > DateTimeOffset.UtcNow.AddDays(1), $"due {r.NextAttemptAt}: the time in the text"));
        Assert.Equal(ActionOutcome.Error, results[2].Outcome);
        Assert.Null(results[2].NextAttemptAt);
        Assert.All(results.Skip(3), r => Assert.Equal(ActionOutcome.Success, r.Outcome));
        Assert.Equal(1, h.Host.Counters.BatchPosts);
        Assert.Equal(0, h.Host.Counters.SequenceStatePosts); // each failed item was placed; none re-sent on its own
    }
}
