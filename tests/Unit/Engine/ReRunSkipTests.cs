using LeanData.Outreach.Outcomes;
using LeanData.Outreach.Configuration;
using LeanData.Outreach.Engine.Execution;
using LeanData.Outreach.Engine.Planning;
using LeanData.Outreach.Engine.Records;
using LeanData.Outreach.Errors;
using Xunit;
using P = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Prospects;
using S = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Sequences;

namespace LeanData.Outreach.Tests.Engine;

/// <summary>Issue 11 #2: a re-run of the same records sends none of them twice (Skipped AlreadyAdded / AlreadyPending).</summary>
public class ReRunSkipTests
{
    private static readonly ExecutorOptions Defaults = new() { RetryPolicy = new RetryPolicy(TimeSpan.FromMinutes(15), 6), BudgetUserId = 1 };

    private static async Task<Planner> PlannerAsync(EngineHarness h) =>
        new(new PlanOptions(EngineHarness.Sequence(S.SharedEmail), Rec.Mapping, MailboxMode.RecordOwner), await h.CatalogAsync());

    private static SalesforceRecord[] Records() =>
        [ExecutorSandboxTests.Lead(P.Success1, index: 1), ExecutorSandboxTests.Lead(P.Success2, index: 2), ExecutorSandboxTests.Lead(P.Success3, index: 3)];

    private static long Scalar(EngineHarness h, string sql)
    {
        using var c = h.Store.OpenConnection();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar());
    }

    [Fact]
    public async Task A_rerun_skips_records_already_added_without_a_request_and_audits_them()
    {
        await using var h = await EngineHarness.StartAsync();
        var planner = await PlannerAsync(h);
        var records = Records();
        var first = await h.Executor().ExecuteAsync(records.Select(r => planner.Plan(r)).ToList(), CancellationToken.None);
        Assert.All(first, r => Assert.Equal(ActionOutcome.Success, r.Outcome));
        var posts = h.Host.Counters.SequenceStatePosts;

        var again = await h.Executor().ExecuteAsync(records.Select(r => planner.Plan(r)).ToList(), CancellationToken.None);

        Assert.All(again, r => Assert.Equal(ActionOutcome.Skipped, r.Outcome));
        Assert.All(again, r => Assert.Equal(nameof(FailureCategory.AlreadyAdded), r.ErrorCategory));
        Assert.Equal(first.Select(r => r.ActionId), again.Select(r => r.EarlierActionId));
        Assert.Equal(first.Select(r => r.SequenceStateId), again.Select(r => r.SequenceStateId));
        Assert.All(again, r => Assert.Contains($"action {r.EarlierActionId}", r.Message));
        Assert.Equal(posts, h.Host.Counters.SequenceStatePosts);
        Assert.Equal(3, Scalar(h, "SELECT COUNT(*) FROM actions WHERE outcome = 'Skipped' AND error_category = 'AlreadyAdded' AND lease_owner IS NULL"));
    }

    [Fact]
    public async Task A_record_with_a_pending_action_is_skipped_as_AlreadyPending_and_Force_sends_it_anyway()
    {
        await using var h = await EngineHarness.StartAsync();
        var planner = await PlannerAsync(h);
        var record = Records()[0];
        var pending = h.Actions.Insert([planner.Plan(record) is var p ? new LeanData.Outreach.Store.ActionRow
        {
            NodeName = p.NodeName, RecordId = p.RecordId, RecordType = p.RecordType, ProspectId = p.ProspectId, SequenceId = p.SequenceId,
            MailboxId = p.MailboxId, UserId = p.UserId, Outcome = ActionOutcome.Pending, NextAttemptAt = DateTimeOffset.UtcNow.AddHours(1),
        } : null!])[0];

        var skipped = Assert.Single(await h.Executor().ExecuteAsync([planner.Plan(record)], CancellationToken.None));
        Assert.Equal(ActionOutcome.Skipped, skipped.Outcome);
        Assert.Equal(nameof(FailureCategory.AlreadyPending), skipped.ErrorCategory);
        Assert.Equal(pending.Id, skipped.EarlierActionId);
        Assert.Equal(0, h.Host.Counters.SequenceStatePosts);

        var forced = Assert.Single(await h.Executor(Defaults with { Force = true }).ExecuteAsync([planner.Plan(record)], CancellationToken.None));
        Assert.Equal(ActionOutcome.Success, forced.Outcome);
        Assert.Null(forced.EarlierActionId);
        Assert.Equal(1, h.Host.Counters.SequenceStatePosts);
    }

    [Fact]
    public async Task SkipIfAddedWithin_re_adds_records_whose_success_is_older_than_the_window()
    {
        await using var h = await EngineHarness.StartAsync();
        var planner = await PlannerAsync(h);
        var records = Records();
        await h.Executor().ExecuteAsync(records.Select(r => planner.Plan(r)).ToList(), CancellationToken.None);
        var old = DateTimeOffset.UtcNow.AddDays(-40).ToUnixTimeMilliseconds();
        Scalar(h, $"UPDATE actions SET updated_ms = {old} WHERE record_id = '{records[0].GetText("Id")}'; SELECT 0");
        var posts = h.Host.Counters.SequenceStatePosts;

        var again = await h.Executor(Defaults with { SkipIfAddedWithin = TimeSpan.FromDays(30) }).ExecuteAsync(records.Select(r => planner.Plan(r)).ToList(), CancellationToken.None);

        Assert.NotEqual(ActionOutcome.Skipped, again[0].Outcome);
        Assert.All(again.Skip(1), r => Assert.Equal(nameof(FailureCategory.AlreadyAdded), r.ErrorCategory));
        Assert.Equal(posts + 1, h.Host.Counters.SequenceStatePosts);
    }

    [Fact]
    public async Task A_record_twice_in_one_batch_is_sent_once()
    {
        await using var h = await EngineHarness.StartAsync();
        var planner = await PlannerAsync(h);
        var record = Records()[0];
        var results = await h.Executor().ExecuteAsync([planner.Plan(record), planner.Plan(record)], CancellationToken.None);
        Assert.Equal(ActionOutcome.Success, results[0].Outcome);
        Assert.Equal(ActionOutcome.Skipped, results[1].Outcome);
        Assert.Equal(nameof(FailureCategory.AlreadyPending), results[1].ErrorCategory);
        Assert.Equal(1, h.Host.Counters.SequenceStatePosts);
    }
}
