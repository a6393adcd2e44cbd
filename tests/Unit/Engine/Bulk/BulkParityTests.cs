using LeanData.Outreach.Engine.Bulk;
using LeanData.Outreach.Engine.Execution;
using LeanData.Outreach.Engine.Planning;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outcomes;
using Xunit;
using static LeanData.Outreach.Tests.Engine.Bulk.BulkHarness;
using P = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Prospects;
using S = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Sequences;
using U = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Users;

namespace LeanData.Outreach.Tests.Engine.Bulk;

/// <summary>
/// The same records through the per-record path and through the bulk path, on two identical sandboxes: every record
/// ends with the same outcome, category, message and remedy (every enrollment rule the sandbox has, as batch items).
/// </summary>
public class BulkParityTests
{
    /// <summary>(sequence, sending user, prospects with a rule of their own): each group padded to 25 with plain prospects.</summary>
    private static readonly (long Sequence, long Owner, long[] Special)[] Groups =
    [
        (S.SharedEmail, U.Sender, [P.OptedOut, P.NoEmail, P.Deleted, P.Merged, P.AlreadyInSequence, P.Locked, P.CustomValidation, P.ActiveInAllExclusive, 99_999]),
        (S.ExclusiveA, U.Sender, [P.ActiveInExclusive]),
        (S.ReAddWhenInactive, U.Sender, [P.ActiveInReAdd]),
        (S.Private, U.Sender, []),          // User not the owner
        (S.SharedEmail, U.Locked, []),      // User is locked
        (S.SharedEmail, U.SendDisabled, []),
        (S.SharedEmail, U.BadCredentials, []),
        (S.Disabled, U.Sender, []),
        (S.LockedShared, U.Sender, []),
    ];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Every_rule_gives_each_record_the_same_category_and_remedy_on_both_paths(bool useItemDataHint)
    {
        var single = await RunAsync(null);
        var bulk = await RunAsync(new BulkOptions { UseItemDataHint = useItemDataHint });

        Assert.Equal(single.Results.Count, bulk.Results.Count);
        for (var i = 0; i < single.Results.Count; i++)
        {
            var (s, b) = (single.Results[i], bulk.Results[i]);
            var label = $"record {i} (prospect {s.ProspectId}, sequence {s.SequenceId}, mailbox {s.MailboxId})";
            Assert.True(s.Outcome == b.Outcome, $"{label}: {s.Outcome} vs {b.Outcome} ({b.Message})");
            Assert.True(s.ErrorCategory == b.ErrorCategory, $"{label}: {s.ErrorCategory} vs {b.ErrorCategory}");
            Assert.True(s.Message == b.Message, $"{label}: '{s.Message}' vs '{b.Message}'");
            Assert.True(s.RecommendedAction == b.RecommendedAction, $"{label}: remedy differs");
        }
        // The rules really ran: many categories, and the bulk side made its calls in bulk.
        Assert.True(single.Results.Select(r => r.ErrorCategory).Distinct().Count() >= 12, string.Join(", ", single.Results.Select(r => r.ErrorCategory).Distinct()));
        Assert.Equal(0, single.BatchPosts);
        Assert.True(bulk.BatchPosts >= 8, $"{bulk.BatchPosts} bulk actions");
        Assert.True(bulk.Requests * 5 < single.Requests, $"bulk {bulk.Requests} vs single {single.Requests} requests");
        if (useItemDataHint) Assert.Equal(0, bulk.SinglePosts); // every item mapped; nothing re-sent on its own
    }

    private static async Task<(IReadOnlyList<AddToSequenceResult> Results, long Requests, long BatchPosts, long SinglePosts)> RunAsync(BulkOptions? bulk)
    {
        await using var h = await EngineHarness.StartAsync();
        var catalog = await h.CatalogAsync();
        var results = new List<AddToSequenceResult>();
        var executor = Executor(h, bulk is null ? null : new BulkEnroller(h.Client, bulk, h.Store, h.Callouts));
        var next = FirstExtra;
        var index = 0;
        var before = Requests(h);
        foreach (var (sequence, owner, special) in Groups)
        {
            var planner = new Planner(new PlanOptions(EngineHarness.Sequence(sequence), Rec.Mapping, MailboxMode.RecordOwner), catalog);
            var prospects = special.Concat(AddProspects(h, 25 - Math.Min(special.Length, 10), next)).ToList();
            next += 100;
            results.AddRange(await executor.ExecuteAsync(prospects.Select(p => planner.Plan(Lead(p, owner, ++index))).ToList(), CancellationToken.None));
        }
        return (results, Requests(h) - before, h.Host.Counters.BatchPosts, h.Host.Counters.SequenceStatePosts);
    }
}
