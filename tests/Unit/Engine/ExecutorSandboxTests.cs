using System.Data.SQLite;
using LeanData.Outreach.Configuration;
using LeanData.Outreach.Engine.Batching;
using LeanData.Outreach.Engine.Execution;
using LeanData.Outreach.Engine.Planning;
using LeanData.Outreach.Engine.Records;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Sandbox.Faults;
using LeanData.Outreach.Sandbox.Seeding;
using Xunit;
using P = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Prospects;
using S = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Sequences;
using U = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Users;
using LeanData.Outreach.Outcomes;
using LeanData.Outreach.Outreach.Client;

namespace LeanData.Outreach.Tests.Engine;

/// <summary>The executor against the sandbox over real HTTP.</summary>
public class ExecutorSandboxTests
{
    private static int _lead;

    internal static SalesforceRecord Lead(long prospectId, long ownerOutreachId = U.Sender, long index = 1, string? email = "x@example.com") =>
        Rec.At(index, ("Id", NextLeadId()), ("Outreach_ID__c", prospectId.ToString()), ("OwnerId", "005000000000003AAA"),
            ("Owner", Rec.Obj(("Outreach_User_ID__c", ownerOutreachId))), ("Email", email));

    private static string NextLeadId() => "00Q" + Interlocked.Increment(ref _lead).ToString("D12") + "AAA";

    private static async Task<(EnrollmentExecutor Executor, Planner Planner)> SetupAsync(EngineHarness h, long sequenceId = S.SharedEmail, ExecutorOptions? options = null,
        MailboxMode mode = MailboxMode.RecordOwner, SenderSpec? sender = null, bool hasEmailStep = true)
    {
        var catalog = await h.CatalogAsync();
        var planner = new Planner(new PlanOptions(EngineHarness.Sequence(sequenceId, hasEmailStep: hasEmailStep), Rec.Mapping, mode, null, sender), catalog);
        return (h.Executor(options), planner);
    }

    private static long Scalar(EngineHarness h, string sql)
    {
        using var c = h.Store.OpenConnection();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar());
    }

    [Fact]
    public async Task Enrolls_and_records_action_attempt_and_callout()
    {
        await using var h = await EngineHarness.StartAsync();
        var (executor, planner) = await SetupAsync(h);
        var results = await executor.ExecuteAsync([planner.Plan(Lead(P.Success1)), planner.Plan(Lead(P.Success2, index: 2))], CancellationToken.None);

        Assert.All(results, r => Assert.Equal(ActionOutcome.Success, r.Outcome));
        Assert.All(results, r => Assert.NotNull(r.SequenceStateId));
        Assert.Equal([P.Success1, P.Success2], results.Select(r => r.ProspectId!.Value));
        Assert.Equal(2, h.Host.Counters.SequenceStatesCreated);
        Assert.Equal(2, Scalar(h, "SELECT COUNT(*) FROM actions WHERE outcome = 'Success' AND lease_owner IS NULL AND sequence_state_id IS NOT NULL"));
        Assert.Equal(2, Scalar(h, "SELECT COUNT(*) FROM attempts WHERE http_status = 201"));
        Assert.Equal(2, Scalar(h, "SELECT COUNT(*) FROM callouts WHERE method = 'POST' AND status_code = 201"));
        Assert.All(results, r => Assert.Equal(1, r.Attempts));
    }

    [Fact]
    public async Task Each_mailbox_mode_sends_from_the_chosen_mailbox()
    {
        await using var h = await EngineHarness.StartAsync();
        var catalog = await h.CatalogAsync([new("005000000000009AAA", U.Admin)]);
        var seq = EngineHarness.Sequence(S.SharedEmail);
        var owner = new Planner(new PlanOptions(seq, Rec.Mapping, MailboxMode.RecordOwner), catalog);
        var field = new Planner(new PlanOptions(seq, Rec.Mapping, MailboxMode.UserField, "SDR__c"), catalog);
        var specific = new Planner(new PlanOptions(seq, Rec.Mapping, MailboxMode.SpecificUser, null, CatalogResolver.ResolveSender("ada.admin@demo.example", catalog)), catalog);
        var plans = new[]
        {
            owner.Plan(Lead(P.Success1, U.Sender)),
            field.Plan(Rec.At(2, ("Id", NextLeadId()), ("Outreach_ID__c", P.Success2.ToString()), ("SDR__c", "005000000000009AAA"))),
            specific.Plan(Rec.At(3, ("Id", NextLeadId()), ("Outreach_ID__c", P.Success3.ToString()), ("OwnerId", "00G000000000001EAA"))),
        };
        var results = await h.Executor().ExecuteAsync(plans, CancellationToken.None);
        Assert.All(results, r => Assert.Equal(ActionOutcome.Success, r.Outcome));
        Assert.Equal([(long)U.Sender, U.Admin, U.Admin], results.Select(r => r.MailboxId!.Value));
        lock (h.Host.Data.Sync)
        {
            Assert.Equal(U.Sender, h.Host.Data.SequenceStates[results[0].SequenceStateId!.Value].MailboxId);
            Assert.Equal(U.Admin, h.Host.Data.SequenceStates[results[1].SequenceStateId!.Value].MailboxId);
        }
    }

    [Fact]
    public async Task Edges_and_merge_dupe_make_no_call_and_are_stored()
    {
        await using var h = await EngineHarness.StartAsync();
        var (executor, planner) = await SetupAsync(h);
        var plans = new[]
        {
            planner.Plan(Rec.At(1, ("Id", NextLeadId()), ("Outreach_ID__c", "1"), ("OwnerId", "00G000000000001EAA"))),
            planner.Plan(Rec.At(2, ("Id", NextLeadId()), ("Outreach_ID__c", null), ("Owner.Outreach_User_ID__c", "2"))),
            planner.Plan(Rec.At(3, ("Id", NextLeadId()), ("Outreach_ID__c", "1"), ("OwnerId", "005000000000003AAA"))),
            planner.Plan(Rec.At(4, ("Id", NextLeadId()), ("Outreach_ID__c", "not-an-id"), ("Owner.Outreach_User_ID__c", "2"))),
            new Planner(planner.Options with { MergeDupeInPath = true }, await h.CatalogAsync()).Plan(Lead(P.Success1, index: 5)),
        };
        var results = await executor.ExecuteAsync(plans, CancellationToken.None);
        Assert.Equal([ActionEdge.QueueOwner, ActionEdge.MissingProspectId, ActionEdge.MissingUserId, ActionEdge.ConfigurationError, (ActionEdge?)null],
            results.Select(r => r.Edge));
        Assert.Equal(ActionOutcome.Skipped, results[4].Outcome);
        Assert.Equal(0, h.Host.Counters.SequenceStatePosts);
        Assert.Equal(4, Scalar(h, "SELECT COUNT(*) FROM actions WHERE outcome = 'Edge'"));
        Assert.Equal(ErrorCatalog.Get(FailureCategory.QueueOwner).RecommendedAction, results[0].RecommendedAction);
    }

    public static TheoryData<long, long, long, FailureCategory> TroubleshootingCases => new()
    {
        // prospect, sequence, sender user, expected category
        { P.OptedOut, S.SharedEmail, U.Sender, FailureCategory.ProspectOptedOut },
        { P.NoEmail, S.SharedEmail, U.Sender, FailureCategory.ProspectMissingEmail },
        { P.Merged, S.SharedEmail, U.Sender, FailureCategory.ObjectMerged },
        { P.AlreadyInSequence, S.SharedEmail, U.Sender, FailureCategory.ProspectAlreadyTargeted },
        { P.ActiveInReAdd, S.ReAddWhenInactive, U.Sender, FailureCategory.ProspectStillActiveInSequence },
        { P.ActiveInExclusive, S.ExclusiveB, U.Sender, FailureCategory.ProspectActiveInAnotherExclusiveSequence },
        { P.ActiveInAllExclusive, S.SharedEmail, U.Sender, FailureCategory.ProspectActiveInAnotherSequence },
        { P.Locked, S.SharedEmail, U.Sender, FailureCategory.ProspectLocked },
        { P.CustomValidation, S.SharedEmail, U.Sender, FailureCategory.GeneralValidationError },
        { 99_999, S.SharedEmail, U.Sender, FailureCategory.ResourceNotFound },
        { P.Success1, S.SharedEmail, U.Locked, FailureCategory.UserLocked },
        { P.Success1, S.SharedEmail, U.SendDisabled, FailureCategory.MailboxSendDisabled },
        { P.Success1, S.SharedEmail, U.BadCredentials, FailureCategory.MailboxInvalidSendCredentials },
        { P.Success1, S.Private, U.Sender, FailureCategory.UserNotOwner },
    };

    [Theory]
    [MemberData(nameof(TroubleshootingCases))]
    public async Task Troubleshooting_table_errors_are_classified_with_id_and_remedy(long prospect, long sequence, long user, FailureCategory expected)
    {
        await using var h = await EngineHarness.StartAsync();
        var (executor, planner) = await SetupAsync(h, sequence);
        var result = (await executor.ExecuteAsync([planner.Plan(Lead(prospect, user))], CancellationToken.None)).Single();
        Assert.Equal(ActionOutcome.Error, result.Outcome);
        Assert.Equal(expected.ToString(), result.ErrorCategory);
        Assert.Equal(ErrorCatalog.Get(expected).RecommendedAction, result.RecommendedAction);
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
        Assert.Null(result.NextAttemptAt);
        Assert.Equal(1, Scalar(h, $"SELECT COUNT(*) FROM attempts WHERE error_category = '{expected}'"));
    }

    [Fact]
    public async Task Unauthorized_request_when_the_authorized_user_may_not_sequence()
    {
        await using var h = await EngineHarness.StartAsync();
        var (executor, planner) = await SetupAsync(h);
        var issue = h.Host.MintToken(U.Restricted);
        h.TokenStore.Save(new(issue.AccessToken, issue.RefreshToken, DateTimeOffset.UtcNow.AddHours(1), issue.Scopes, DateTimeOffset.UtcNow));
        var tokens = new LeanData.Outreach.Outreach.OAuth.TokenManager(
            new LeanData.Outreach.Outreach.OAuth.OAuthClient(new HttpClient(), h.Host.BaseUri, new("ld-demo-client", "ld-demo-secret", new Uri("http://127.0.0.1/cb"))), h.TokenStore);
        var client = new LeanData.Outreach.Outreach.Client.OutreachClient(new HttpClient(), tokens, new() { ApiBaseUri = h.Host.BaseUri }, h.Callouts);
        var restricted = new EnrollmentExecutor(new OutreachEnrollmentGateway(client), h.Actions, new ExecutorOptions { RateLimitUserId = U.Restricted }, h.Callouts);
        var result = (await restricted.ExecuteAsync([planner.Plan(Lead(P.Success1))], CancellationToken.None)).Single();
        Assert.Equal((ActionOutcome.Error, nameof(FailureCategory.UnauthorizedRequest)), (result.Outcome, result.ErrorCategory));
        Assert.Equal(ErrorCatalog.Get(FailureCategory.UnauthorizedRequest).RecommendedAction, result.RecommendedAction);
    }

    [Fact]
    public async Task Unauthorized_scope_is_an_error_with_its_remedy()
    {
        await using var h = await EngineHarness.StartAsync();
        var issue = h.Host.MintToken(1, ["users.read", "mailboxes.read", "sequences.read", "prospects.read"]);
        h.TokenStore.Save(new(issue.AccessToken, issue.RefreshToken, DateTimeOffset.UtcNow.AddHours(1), issue.Scopes, DateTimeOffset.UtcNow));
        var (executor, planner) = await SetupAsync(h);
        var result = (await executor.ExecuteAsync([planner.Plan(Lead(P.Success1))], CancellationToken.None)).Single();
        Assert.Equal(FailureCategory.UnauthorizedOAuthScope.ToString(), result.ErrorCategory);
        Assert.Equal(ActionOutcome.Error, result.Outcome);
    }

    [Fact]
    public async Task Rate_limit_429_is_pending_at_the_reset_never_an_error()
    {
        await using var h = await EngineHarness.StartAsync(maxAdmissionWait: TimeSpan.Zero);
        var (executor, planner) = await SetupAsync(h, options: new ExecutorOptions { RateLimitUserId = 1 });
        h.Host.Faults.Add(new FaultRule { Route = "POST /sequenceStates", Kind = FaultKind.RateLimit, RetryAfterSeconds = 600, Count = 1 });
        var before = DateTimeOffset.UtcNow;
        var results = await executor.ExecuteAsync([planner.Plan(Lead(P.Success1)), planner.Plan(Lead(P.Success2, index: 2))], CancellationToken.None);
        var limited = results.Where(r => r.ErrorCategory == nameof(FailureCategory.RateLimitExceeded)).ToList();
        Assert.NotEmpty(limited);
        Assert.All(limited, r => Assert.Equal(ActionOutcome.Pending, r.Outcome));
        Assert.All(limited, r => Assert.InRange(r.NextAttemptAt!.Value, before.AddSeconds(1), before.AddHours(2)));
        Assert.DoesNotContain(results, r => r.Outcome == ActionOutcome.Error);
        Assert.Equal(limited.Count, Scalar(h, "SELECT COUNT(*) FROM actions WHERE outcome = 'Pending' AND next_attempt_ms IS NOT NULL AND error_category = 'RateLimitExceeded'"));
    }

    [Fact]
    public async Task Server_remaining_zero_marks_the_rest_pending_until_the_reset()
    {
        await using var h = await EngineHarness.StartAsync(rateLimit: 3, rateWindowSeconds: 3600, maxAdmissionWait: TimeSpan.FromSeconds(1));
        var (executor, planner) = await SetupAsync(h, options: new ExecutorOptions { RateLimitUserId = 1, ThrottleLimit = 1 });
        var catalogCalls = h.Host.Counters.RequestCounts().Sum(r => r.Count);
        var plans = Enumerable.Range(1, 6).Select(i => planner.Plan(Lead(i, index: i))).ToList();
        var results = await executor.ExecuteAsync(plans, CancellationToken.None);
        var sent = results.Count(r => r.Outcome == ActionOutcome.Success);
        Assert.True(sent >= 1 && sent <= 3 - catalogCalls + 3, $"sent {sent}");
        Assert.Equal(0, h.Host.Counters.Requests("POST /sequenceStates", 429));
        Assert.All(results.Where(r => r.Outcome != ActionOutcome.Success), r =>
        {
            Assert.Equal(ActionOutcome.Pending, r.Outcome);
            Assert.True(r.NextAttemptAt > DateTimeOffset.UtcNow.AddMinutes(30));
        });
    }

    [Fact]
    [Trait("Category", "RealTime")]
    public async Task Exhausted_client_budget_makes_the_rest_pending_without_each_waiting()
    {
        // One second of in-line wait: long enough that a loaded machine still hands out the free permits, short
        // enough that 7 callers each waiting it in turn (3.5 s at ThrottleLimit 2) would fail the 3 s bound below.
        // The budget covers every request of the client: the catalog reads take their share first.
        await using var h = await EngineHarness.StartAsync(maxAdmissionWait: TimeSpan.FromSeconds(1), budget: new RateLimitSettings(5, TimeSpan.FromHours(1)));
        var options = new ExecutorOptions { RateLimitUserId = 1, ThrottleLimit = 2 };
        var (executor, planner) = await SetupAsync(h, options: options);
        var left = 5 - (int)h.Host.Counters.RequestCounts().Sum(r => r.Count);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var results = await executor.ExecuteAsync(Enumerable.Range(1, 10).Select(i => planner.Plan(Lead(i, index: i))).ToList(), CancellationToken.None);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
        Assert.Equal(left, results.Count(r => r.Outcome == ActionOutcome.Success));
        Assert.All(results.Where(r => r.Outcome != ActionOutcome.Success), r =>
        {
            Assert.Equal((ActionOutcome.Pending, nameof(FailureCategory.RateLimitExceeded), 0), (r.Outcome, r.ErrorCategory, r.Attempts));
            Assert.True(r.NextAttemptAt > DateTimeOffset.UtcNow.AddMinutes(50));
        });
        Assert.Equal(left, h.Host.Counters.SequenceStatePosts);
    }

    [Fact]
    public async Task Maintenance_waits_when_short_and_is_pending_at_retry_after_when_long()
    {
        await using var h = await EngineHarness.StartAsync(maxAdmissionWait: TimeSpan.FromSeconds(5));
        var (executor, planner) = await SetupAsync(h, options: new ExecutorOptions { RateLimitUserId = 1 });
        var now = DateTimeOffset.UtcNow;
        h.Host.Runtime.Maintenance = new LeanData.Outreach.Sandbox.Hosting.MaintenanceWindow(now.AddSeconds(-1), now.AddSeconds(2));
        var shortResult = (await executor.ExecuteAsync([planner.Plan(Lead(P.Success1))], CancellationToken.None)).Single();
        Assert.True(shortResult.Outcome == ActionOutcome.Success, $"{shortResult.Outcome} {shortResult.ErrorCategory} {shortResult.Message} next {shortResult.NextAttemptAt:O} now {DateTimeOffset.UtcNow:O}");
        Assert.InRange(shortResult.Attempts, 2, 3);

        var end = DateTimeOffset.UtcNow.AddHours(1);
        h.Host.Runtime.Maintenance = new LeanData.Outreach.Sandbox.Hosting.MaintenanceWindow(DateTimeOffset.UtcNow.AddSeconds(-1), end);
        var longResult = (await h.Executor(new ExecutorOptions { RateLimitUserId = 1 }).ExecuteAsync([planner.Plan(Lead(P.Success2))], CancellationToken.None)).Single();
        Assert.Equal((ActionOutcome.Pending, nameof(FailureCategory.ScheduledMaintenance)), (longResult.Outcome, longResult.ErrorCategory));
        Assert.InRange(longResult.NextAttemptAt!.Value, end.AddSeconds(-2), end.AddSeconds(2));
    }

    [Fact]
    public async Task Injected_5xx_after_quick_retries_is_pending_at_now_plus_the_retry_interval()
    {
        await using var h = await EngineHarness.StartAsync();
        var interval = TimeSpan.FromMinutes(7);
        var (executor, planner) = await SetupAsync(h, options: new ExecutorOptions { RateLimitUserId = 1, RetryPolicy = new RetryPolicy(interval, 6) });
        h.Host.Faults.Add(new FaultRule { Route = "POST /sequenceStates", Kind = FaultKind.Status, Status = 502 });
        var before = DateTimeOffset.UtcNow;
        var result = (await executor.ExecuteAsync([planner.Plan(Lead(P.Success1))], CancellationToken.None)).Single();
        Assert.Equal((ActionOutcome.Pending, nameof(FailureCategory.Transient)), (result.Outcome, result.ErrorCategory));
        Assert.InRange(result.NextAttemptAt!.Value, before + interval, DateTimeOffset.UtcNow + interval);
        Assert.True(h.Host.Counters.Requests("POST /sequenceStates", 502) >= 2, "the client made quick retries first");
    }

    [Fact]
    public async Task Dropped_connections_never_enroll_twice_and_the_retry_path_recovers_the_state()
    {
        await using var h = await EngineHarness.StartAsync();
        var (executor, planner) = await SetupAsync(h);
        h.Host.Faults.Add(new FaultRule { Route = "POST /sequenceStates", Kind = FaultKind.DropAfterBody, Probability = 0.5 });
        h.Host.Faults.Reseed(7);
        var plans = Enumerable.Range(1, 6).Select(i => planner.Plan(Lead(i, index: i))).ToList();
        var results = await executor.ExecuteAsync(plans, CancellationToken.None);
        h.Host.Faults.Clear();
        Assert.Equal(0, h.Host.Counters.Duplicates);

        var pendingIds = results.Where(r => r.Outcome == ActionOutcome.Pending).Select(r => r.ActionId!.Value).ToList();
        var retried = await h.Executor().RetryAsync(pendingIds, CancellationToken.None);
        Assert.All(retried, r => Assert.Equal(ActionOutcome.Success, r.Outcome));
        Assert.Equal(0, h.Host.Counters.Duplicates);
        foreach (var p in Enumerable.Range(1, 6)) Assert.Equal(1, h.Host.Counters.Enrollments(p, S.SharedEmail));
    }

    [Fact]
    public async Task Retry_counts_attempts_and_ends_in_retry_attempt_exceeded()
    {
        await using var h = await EngineHarness.StartAsync();
        var options = new ExecutorOptions { RateLimitUserId = 1, RetryPolicy = new RetryPolicy(TimeSpan.FromSeconds(1), 2) };
        var (executor, planner) = await SetupAsync(h, options: options);
        h.Host.Faults.Add(new FaultRule { Route = "POST /sequenceStates", Kind = FaultKind.Status, Status = 500 });
        h.Host.Faults.Add(new FaultRule { Route = "GET /sequenceStates", Kind = FaultKind.Status, Status = 500 });
        var first = (await executor.ExecuteAsync([planner.Plan(Lead(P.Success1))], CancellationToken.None)).Single();
        Assert.Equal((ActionOutcome.Pending, 1), (first.Outcome, first.Attempts));
        var id = first.ActionId!.Value;
        var second = (await executor.RetryAsync([id], CancellationToken.None)).Single();
        Assert.Equal((ActionOutcome.Pending, 2), (second.Outcome, second.Attempts));
        var third = (await executor.RetryAsync([id], CancellationToken.None)).Single();
        Assert.Equal((ActionOutcome.Error, 3, nameof(FailureCategory.RetryAttemptsExceeded)), (third.Outcome, third.Attempts, third.ErrorCategory));
        Assert.Equal("Retry attempt exceeded", h.Actions.Get([id]).Single().FailureReason);
        Assert.Equal(3, Scalar(h, $"SELECT COUNT(*) FROM attempts WHERE action_id = {id}"));
    }

    [Fact]
    public async Task Token_expiring_mid_batch_is_refreshed_once_and_the_batch_completes()
    {
        await using var h = await EngineHarness.StartAsync();
        var (executor, planner) = await SetupAsync(h, options: new ExecutorOptions { RateLimitUserId = 1, ThrottleLimit = 2 });
        var first = await executor.ExecuteAsync(Enumerable.Range(1, 2).Select(i => planner.Plan(Lead(i, index: i))).ToList(), CancellationToken.None);
        Assert.Equal(0, h.Tokens.RefreshCount);
        h.Host.Runtime.Tokens.ExpireAccessTokens(null);   // the access token's lifetime ends between the batches
        var second = await executor.ExecuteAsync(Enumerable.Range(3, 4).Select(i => planner.Plan(Lead(i, index: i))).ToList(), CancellationToken.None);
        Assert.All(first.Concat(second), r => Assert.Equal(ActionOutcome.Success, r.Outcome));
        Assert.Equal(1, h.Tokens.RefreshCount);
    }

    [Fact]
    [Trait("Category", "RealTime")]
    public async Task Cancellation_stores_every_accepted_record_pending_and_returns_quickly()
    {
        await using var h = await EngineHarness.StartAsync();
        var catalog = await h.CatalogAsync();
        var planner = new Planner(new PlanOptions(EngineHarness.Sequence(S.SharedEmail), Rec.Mapping, MailboxMode.RecordOwner), catalog);
        h.Host.Faults.Add(new FaultRule { Route = "POST /sequenceStates", Kind = FaultKind.Delay, DelayMs = 3000 });
        using var cts = new CancellationTokenSource();
        var executor = h.Executor(new ExecutorOptions { RateLimitUserId = 1, ThrottleLimit = 2 });
        await using var run = new AddToSequenceRun(planner, executor, new BatchOptions(5, TimeSpan.FromSeconds(30)), cts.Token);
        for (var i = 1; i <= 12; i++) await run.AcceptAsync(Lead(i, index: i));
        Assert.True(h.Host.Counters.WaitForArrivals("POST /sequenceStates", 2, TimeSpan.FromSeconds(30)), "no POST reached the sandbox");   // both lanes are mid-request
        var watch = System.Diagnostics.Stopwatch.StartNew();
        cts.Cancel();
        await run.CompleteAsync();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"stopped in {watch.Elapsed}");
        var results = new List<AddToSequenceResult>();
        await foreach (var r in run.Results.ReadAllAsync()) results.Add(r);
        Assert.Equal(12, results.Count);
        Assert.All(results, r => Assert.Equal(ActionOutcome.Pending, r.Outcome));
        Assert.Equal(12, Scalar(h, "SELECT COUNT(*) FROM actions WHERE outcome = 'Pending' AND lease_owner IS NULL"));
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), results.Select(r => r.ProspectId!.Value));
    }

    [Fact]
    public async Task Window_flushes_a_slow_trickle_through_the_run()
    {
        await using var h = await EngineHarness.StartAsync();
        var (executor, planner) = await SetupAsync(h);
        await using var run = new AddToSequenceRun(planner, executor, new BatchOptions(100, TimeSpan.FromMilliseconds(300)), CancellationToken.None);
        await run.AcceptAsync(Lead(P.Success1));
        var first = await run.Results.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(ActionOutcome.Success, first.Outcome);
        await run.AcceptAsync(Lead(P.Success2, index: 2));
        await run.CompleteAsync();
        var rest = new List<AddToSequenceResult>();
        await foreach (var r in run.Results.ReadAllAsync()) rest.Add(r);
        Assert.Single(rest);
    }
}
