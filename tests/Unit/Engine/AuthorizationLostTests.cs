using LeanData.Outreach.Configuration;
using LeanData.Outreach.Engine.Execution;
using LeanData.Outreach.Engine.Planning;
using LeanData.Outreach.Engine.Retry;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outreach.OAuth;
using LeanData.Outreach.Store;
using Xunit;
using LeanData.Outreach.Outcomes;
using P = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Prospects;
using S = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Sequences;

namespace LeanData.Outreach.Tests.Engine;

/// <summary>Issue 11 #4: an authorization revoked mid-run leaves the unsent records Pending, attempts unspent, and the worker sends them after a reconnect.</summary>
public class AuthorizationLostTests
{
    private static readonly ExecutorOptions Options = new() { RetryPolicy = new RetryPolicy(TimeSpan.FromMinutes(15), 2), RateLimitUserId = 1, LeaseOwner = "worker" };

    private static async Task<Planner> PlannerAsync(EngineHarness h) =>
        new(new PlanOptions(EngineHarness.Sequence(S.SharedEmail), Rec.Mapping, MailboxMode.RecordOwner), await h.CatalogAsync());

    private static void Reconnect(EngineHarness h)
    {
        // What Connect-LDOutreach does: a new grant, persisted and used.
        var issue = h.Host.MintToken(1);
        var now = DateTimeOffset.UtcNow;
        h.Tokens.Adopt(new TokenSet(issue.AccessToken, issue.RefreshToken, now.AddSeconds(issue.ExpiresIn), issue.Scopes, now));
    }

    private static RetryWorker Worker(EngineHarness h) =>
        new(new ActionLeaseRepository(h.Store), h.Executor(Options), new RetryWorkerOptions { Owner = "worker", IncludeNotDue = true });

    private static long Enrolled(EngineHarness h, long prospect)
    {
        lock (h.Host.Data.Sync) return h.Host.Data.SequenceStates.Values.Count(s => s.ProspectId == prospect && s.SequenceId == S.SharedEmail);
    }

    private static long Scalar(EngineHarness h, string sql)
    {
        using var c = h.Store.OpenConnection();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Revoked_mid_run_the_unsent_records_stay_pending_without_spending_attempts_and_the_worker_sends_them_after_a_reconnect()
    {
        await using var h = await EngineHarness.StartAsync();
        var planner = await PlannerAsync(h);
        var executor = h.Executor(Options with { LeaseOwner = "invoke" });
        var first = await executor.ExecuteAsync([planner.Plan(ExecutorSandboxTests.Lead(P.Success1)), planner.Plan(ExecutorSandboxTests.Lead(P.Success2, index: 2))], CancellationToken.None);
        Assert.All(first, r => Assert.Equal(ActionOutcome.Success, r.Outcome));

        h.Host.Runtime.Tokens.RevokeAll(null);
        var later = await executor.ExecuteAsync(new[] { P.Success3, P.Success4, P.Success5, P.Success6 }.Select((p, i) => planner.Plan(ExecutorSandboxTests.Lead(p, index: 3 + i))).ToList(), CancellationToken.None);

        Assert.All(later, r =>
        {
            Assert.Equal(ActionOutcome.Pending, r.Outcome);
            Assert.Equal(nameof(FailureCategory.TokenInvalid), r.ErrorCategory);
            Assert.Equal(0, r.Attempts);
        });
        Assert.All(h.Actions.Get(later.Select(r => r.ActionId!.Value).ToList()), a => Assert.Equal("Token is not valid", a.FailureReason));
        // One request meets the revoked token; the others are not sent once the run knows.
        Assert.InRange(h.Host.Counters.SequenceStatePosts, 2, 2 + ExecutorOptions.DefaultThrottleLimit);

        Reconnect(h);
        var summary = await Worker(h).RunOnceAsync(CancellationToken.None);
        Assert.Equal((4, 4, 0), (summary.Processed, summary.Succeeded, summary.Failed));
        Assert.All(new[] { P.Success1, P.Success2, P.Success3, P.Success4, P.Success5, P.Success6 }, p => Assert.Equal(1, Enrolled(h, p)));
    }

    [Fact]
    public async Task A_worker_meeting_a_revoked_authorization_stops_with_one_error_leaving_its_actions_pending_with_their_attempts()
    {
        await using var h = await EngineHarness.StartAsync();
        var planner = await PlannerAsync(h);
        // Six actions Pending, as a run stopped before sending leaves them for the worker.
        var pending = await h.Executor(Options with { LeaseOwner = "invoke" }).ExecuteAsync(
            new[] { P.Success1, P.Success2, P.Success3, P.Success4, P.Success5, P.Success6 }.Select((p, i) => planner.Plan(ExecutorSandboxTests.Lead(p, index: 1 + i))).ToList(),
            new CancellationToken(canceled: true));
        Assert.All(pending, r => Assert.Equal(ActionOutcome.Pending, r.Outcome));
        var attemptsBefore = h.Actions.Get(pending.Select(r => r.ActionId!.Value).ToList()).Select(a => a.Attempts).ToList();

        h.Host.Runtime.Tokens.RevokeAll(null);
        var stopped = await Assert.ThrowsAnyAsync<LDOutreachException>(() => Worker(h).RunOnceAsync(CancellationToken.None));
        Assert.Equal(nameof(ErrorCatalog.OAuthRefreshTokenRevoked), stopped.ErrorId);
        Assert.Contains("Connect-LDOutreach", stopped.RecommendedAction);
        var rows = h.Actions.Get(pending.Select(r => r.ActionId!.Value).ToList());
        Assert.All(rows, a => Assert.Equal(ActionOutcome.Pending, a.Outcome));
        Assert.Equal(attemptsBefore, rows.Select(a => a.Attempts).ToList());
        Assert.Equal(0, Scalar(h, "SELECT COUNT(*) FROM actions WHERE lease_owner IS NOT NULL"));
        Assert.Equal(0, h.Host.Counters.SequenceStatesCreated);

        Reconnect(h);
        var summary = await Worker(h).RunOnceAsync(CancellationToken.None);
        Assert.Equal((6, 6, 0), (summary.Processed, summary.Succeeded, summary.Failed));
        Assert.All(new[] { P.Success1, P.Success2, P.Success3, P.Success4, P.Success5, P.Success6 }, p => Assert.Equal(1, Enrolled(h, p)));
    }
}
