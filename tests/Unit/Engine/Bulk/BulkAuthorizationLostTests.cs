using LeanData.Outreach.Engine.Execution;
using LeanData.Outreach.Engine.Retry;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outcomes;
using LeanData.Outreach.Outreach.OAuth;
using LeanData.Outreach.Store;
using Xunit;
using static LeanData.Outreach.Tests.Engine.Bulk.BulkHarness;

namespace LeanData.Outreach.Tests.Engine.Bulk;

/// <summary>
/// Issue 11 #4 on the bulk path: an authorization revoked mid-run, met by the bulk POST, a poll of its batch or the sequenceState
/// lookup that maps it, leaves the records Pending ("Token is not valid"), none Error, nothing more sent in the run; the worker
/// sends them after a reconnect, each enrolled once.
/// </summary>
public class BulkAuthorizationLostTests
{
    private const string BatchPost = "POST /batches/actions/prospectsAddToSequence";
    private const string BatchPoll = "GET /batches/{id}";
    private const string Lookup = "GET /sequenceStates";

    private static void Reconnect(EngineHarness h)
    {
        // What Connect-LDOutreach does: a new grant, persisted and used.
        var issue = h.Host.MintToken(1);
        var now = DateTimeOffset.UtcNow;
        h.Tokens.Adopt(new TokenSet(issue.AccessToken, issue.RefreshToken, now.AddSeconds(issue.ExpiresIn), issue.Scopes, now));
    }

    [Theory]
    [InlineData(0, BatchPost, 0)] // the POST meets the revoked token: nothing was made, no attempt spent
    [InlineData(1, BatchPoll, 1)] // the batch was accepted, its poll is refused: the outcome is unknown, so the worker looks before sending
    [InlineData(2, Lookup, 1)]    // the batch is done, the lookup that maps it is refused: the same
    public async Task Revoked_mid_run_on_the_bulk_path_the_records_stay_pending_and_the_worker_sends_them_once_after_a_reconnect(
        int servedBeforeRevocation, string refusedRoute, int attemptsLeft)
    {
        await using var h = await EngineHarness.StartAsync();
        var ids = AddProspects(h, 90); // three batches of 30: each takes the bulk path (threshold 25)
        var planner = await PlannerAsync(h);
        var executor = Executor(h, BulkPath(h), new ExecutorOptions { RetryPolicy = Policy, RateLimitUserId = 1, LeaseOwner = "invoke" });
        var first = await executor.ExecuteAsync(ids[..30].Select((id, i) => planner.Plan(Lead(id, index: i + 1))).ToList(), CancellationToken.None);
        Assert.All(first, r => Assert.Equal((ActionOutcome.Success, SendPath.Bulk), (r.Outcome, r.Via)));

        h.Host.Runtime.RevokeAllAfter(servedBeforeRevocation);
        var later = await executor.ExecuteAsync(ids[30..60].Select((id, i) => planner.Plan(Lead(id, index: 31 + i))).ToList(), CancellationToken.None);
        // Once the run knows, a later batch is not sent at all (in bulk or on its own).
        var requestsBefore = Requests(h);
        var last = await executor.ExecuteAsync(ids[60..].Select((id, i) => planner.Plan(Lead(id, index: 61 + i))).ToList(), CancellationToken.None);

        Assert.True(h.Host.Counters.Requests(refusedRoute, 401) >= 1, $"the revocation was meant to meet {refusedRoute}");
        Assert.All(later, r =>
        {
            Assert.Equal((ActionOutcome.Pending, nameof(FailureCategory.TokenInvalid)), (r.Outcome, r.ErrorCategory));
            Assert.Equal(attemptsLeft, r.Attempts);
        });
        Assert.All(last, r => Assert.Equal((ActionOutcome.Pending, nameof(FailureCategory.TokenInvalid), 0), (r.Outcome, r.ErrorCategory, r.Attempts)));
        Assert.Equal(requestsBefore, Requests(h));
        Assert.Equal(0, h.Host.Counters.SequenceStatePosts);
        var rows = h.Actions.Get(later.Concat(last).Select(r => r.ActionId!.Value).ToList());
        Assert.All(rows, a => Assert.Equal("Token is not valid", a.FailureReason));
        // A record whose batch may have enrolled it keeps no status, so its retry looks the sequenceState up first.
        Assert.All(rows.Where(a => a.Attempts > 0), a => Assert.Null(a.LastStatusCode));
        Assert.Equal(0, Scalar(h, "SELECT COUNT(*) FROM actions WHERE outcome = 'Error'"));

        // A record whose batch was accepted is due only after the unknown-outcome delay (the batch may still be processing);
        // the worker below takes it early (IncludeNotDue) once the sandbox has processed every item it accepted.
        Assert.All(rows.Where(a => a.Attempts > 0), a => Assert.True(a.NextAttemptAt > DateTimeOffset.UtcNow.AddSeconds(30)));
        Assert.True(SpinWait.SpinUntil(() => h.Host.Counters.BatchItemsProcessed >= h.Host.Counters.BatchItemsAccepted, TimeSpan.FromSeconds(30)));

        Reconnect(h);
        var worker = new RetryWorker(new ActionLeaseRepository(h.Store),
            Executor(h, BulkPath(h), new ExecutorOptions { RetryPolicy = Policy, RateLimitUserId = 1, LeaseOwner = "worker" }),
            new RetryWorkerOptions { Owner = "worker", IncludeNotDue = true, BatchSize = 100 });
        var summary = await worker.RunOnceAsync(CancellationToken.None);

        Assert.Equal((60, 60, 0), (summary.Processed, summary.Succeeded, summary.Failed));
        Assert.Equal(0, h.Host.Counters.Duplicates);
        Assert.All(ids, p => Assert.Equal(1, h.Host.Counters.Enrollments(p, 1)));
    }

    [Fact]
    public async Task A_worker_whose_bulk_post_meets_a_revoked_authorization_stops_with_one_error_and_spends_no_attempt()
    {
        await using var h = await EngineHarness.StartAsync();
        var ids = AddProspects(h, 30);
        var planner = await PlannerAsync(h);
        // Thirty actions Pending, as a run stopped before sending leaves them for the worker.
        var pending = await Executor(h, BulkPath(h), new ExecutorOptions { RetryPolicy = Policy, RateLimitUserId = 1, LeaseOwner = "invoke" })
            .ExecuteAsync(ids.Select((id, i) => planner.Plan(Lead(id, index: i + 1))).ToList(), new CancellationToken(canceled: true));
        Assert.All(pending, r => Assert.Equal((ActionOutcome.Pending, 0), (r.Outcome, r.Attempts)));

        h.Host.Runtime.Tokens.RevokeAll(null);
        var worker = new RetryWorker(new ActionLeaseRepository(h.Store),
            Executor(h, BulkPath(h), new ExecutorOptions { RetryPolicy = Policy, RateLimitUserId = 1, LeaseOwner = "worker" }),
            new RetryWorkerOptions { Owner = "worker", IncludeNotDue = true, BatchSize = 100 });
        var stopped = await Assert.ThrowsAnyAsync<LDOutreachException>(() => worker.RunOnceAsync(CancellationToken.None));

        Assert.Equal(nameof(ErrorCatalog.OAuthRefreshTokenRevoked), stopped.ErrorId);
        Assert.Contains("Connect-LDOutreach", stopped.RecommendedAction);
        var rows = h.Actions.Get(pending.Select(r => r.ActionId!.Value).ToList());
        Assert.All(rows, a => Assert.Equal((ActionOutcome.Pending, 0), (a.Outcome, a.Attempts)));
        Assert.Equal(0, Scalar(h, "SELECT COUNT(*) FROM actions WHERE lease_owner IS NOT NULL"));
        Assert.Equal(0, h.Host.Counters.SequenceStatePosts);

        Reconnect(h);
        var summary = await new RetryWorker(new ActionLeaseRepository(h.Store),
            Executor(h, BulkPath(h), new ExecutorOptions { RetryPolicy = Policy, RateLimitUserId = 1, LeaseOwner = "worker" }),
            new RetryWorkerOptions { Owner = "worker", IncludeNotDue = true, BatchSize = 100 }).RunOnceAsync(CancellationToken.None);
        Assert.Equal((30, 30, 0), (summary.Processed, summary.Succeeded, summary.Failed));
        Assert.All(ids, p => Assert.Equal(1, h.Host.Counters.Enrollments(p, 1)));
    }
}
