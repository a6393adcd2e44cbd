using System.Data.SQLite;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outreach.OAuth;
using LeanData.Outreach.Sandbox.Seeding;
using LeanData.Outreach.Security;
using LeanData.Outreach.SequenceStates;
using LeanData.Outreach.Store;
using LeanData.Outreach.Tests.Sandbox;
using Xunit;
using LeanData.Outreach.Connection;

namespace LeanData.Outreach.Tests.SequenceStates;

/// <summary>Pause / resume / finish and the sequenceState reader against the in-process sandbox over HTTP.</summary>
public sealed class SequenceStateActionTests : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly SandboxFixture sandbox;
    private readonly TempDirectory temp = new();

    public SequenceStateActionTests(SandboxFixture sandbox)
    {
        this.sandbox = sandbox;
        sandbox.Reset();
    }

    public void Dispose() => temp.Dispose();

    private LDStore Store => new(temp.File("store.db"));

    private OutreachSessionOptions Options(IOutreachObserver? observer = null, int pageSize = 1000) => new()
    {
        Protector = new AesGcmSecretProtector(temp.File("key")),
        Observer = observer,
        Client = new OutreachClientOptions { PageSize = pageSize, TransientRetryCount = 1, TransientRetryBaseDelay = TimeSpan.FromMilliseconds(5), AttemptTimeout = TimeSpan.FromSeconds(5) },
        Tokens = new TokenManagerOptions { MinimumRefreshInterval = TimeSpan.FromMilliseconds(200) },
    };

    private async Task<(OutreachSession Session, CalloutCapture Capture)> ConnectAsync(int pageSize = 1000)
    {
        var minted = sandbox.Host.MintToken(DemoPreset.Users.Admin);
        var credentials = new OAuthClientCredentials("ld-demo-client", "ld-demo-secret", new Uri("http://127.0.0.1:1/callback"));
        await OutreachConnector.ConnectWithRefreshTokenAsync(Store, credentials, sandbox.BaseUri, minted.RefreshToken, Options(), CancellationToken.None);
        var capture = new CalloutCapture();
        return (OutreachSession.FromStore(Store, Options(capture, pageSize)), capture);
    }

    private static async Task<long> EnrollAsync(OutreachSession session, long prospectId)
    {
        var created = await session.Client.CreateSequenceStateAsync(prospectId, DemoPreset.Sequences.SharedEmail, DemoPreset.Users.Sender, CancellationToken.None);
        Assert.True(created.SequenceStateId is not null, created.Failure?.ToString());
        return created.SequenceStateId!.Value;
    }

    [Fact]
    public async Task Pause_resume_finish_walk_the_states_and_each_is_recorded_with_its_callout()
    {
        var (session, capture) = await ConnectAsync();
        using var _ = session;
        var id = await EnrollAsync(session, DemoPreset.Prospects.Success1);
        var runner = new SequenceStateActionRunner(session.Client, capture, new SequenceStateActionLog(Store));

        var paused = Assert.Single(await runner.RunAsync(SequenceStateAction.Pause, [new(id)], "Pause node", CancellationToken.None));
        Assert.Equal("Success", paused.Outcome);
        Assert.Equal("paused", paused.State);
        Assert.Equal(DemoPreset.Prospects.Success1, paused.ProspectId);
        Assert.Equal(DemoPreset.Sequences.SharedEmail, paused.SequenceId);
        var resumed = Assert.Single(await runner.RunAsync(SequenceStateAction.Resume, [new(id)], "Resume node", CancellationToken.None));
        Assert.Equal("active", resumed.State);
        var finished = Assert.Single(await runner.RunAsync(SequenceStateAction.Finish, [new(id)], "Finish node", CancellationToken.None));
        Assert.Equal("finished", finished.State);

        var stateInSandbox = Assert.Single(await new SequenceStateReader(session.Client).ListAsync(new SequenceStateFilter { Ids = [id] }, CancellationToken.None).ToListAsync());
        Assert.Equal("finished", stateInSandbox.State);

        var rows = ReadActions();
        Assert.Equal(["Pause Sequence State", "Resume Sequence State", "Finish Sequence State"], rows.Select(r => r.Type));
        Assert.All(rows, r => Assert.Equal(("Success", id, "sequenceState", 200, 1L), (r.Outcome, r.StateId, r.TargetType, r.Status, r.Callouts)));
        Assert.Equal(new long?[] { paused.ActionId, resumed.ActionId, finished.ActionId }, rows.Select(r => (long?)r.Id));
        Assert.All(rows, r => Assert.Equal($"/api/v2/sequenceStates/{id}/actions/{r.Verb}", r.CalloutPath));
    }

    [Fact]
    public async Task A_failed_guard_is_a_classified_error_with_outreachs_detail_and_the_state_needed()
    {
        var (session, capture) = await ConnectAsync();
        using var _ = session;
        var runner = new SequenceStateActionRunner(session.Client, capture, new SequenceStateActionLog(Store));

        // Demo sequenceState 1 is finished: it cannot be paused, resumed or finished again.
        var results = await runner.RunAsync(SequenceStateAction.Pause, [new(1), new(2)], "Pause node", CancellationToken.None);

        Assert.Equal([1L, 2L], results.Select(r => r.SequenceStateId));
        var failed = results[0];
        Assert.Equal("Error", failed.Outcome);
        Assert.Equal(FailureCategory.GeneralValidationError, failed.ErrorCategory);
        Assert.Equal("GeneralValidationError", failed.ErrorId);
        Assert.Equal(422, failed.StatusCode);
        Assert.Contains("Cannot transition to requested state", failed.Message);
        Assert.Contains("must be active", failed.RecommendedAction);
        Assert.Contains(ErrorCatalog.Get(FailureCategory.GeneralValidationError).RecommendedAction, failed.RecommendedAction);
        Assert.Equal(("Success", "paused"), (results[1].Outcome, results[1].State));

        var resumeFinished = Assert.Single(await runner.RunAsync(SequenceStateAction.Resume, [new(1)], "n", CancellationToken.None));
        Assert.Contains("must be paused", resumeFinished.RecommendedAction);
        var finishFinished = Assert.Single(await runner.RunAsync(SequenceStateAction.Finish, [new(1)], "n", CancellationToken.None));
        Assert.Equal(FailureCategory.GeneralValidationError, finishFinished.ErrorCategory);

        var rows = ReadActions();
        Assert.Equal(["Error", "Success", "Error", "Error"], rows.Select(r => r.Outcome));
        Assert.Equal("GeneralValidationError", rows[0].Category);
        Assert.Equal(422, rows[0].Status);
        Assert.Equal(1L, rows[0].Callouts);
    }

    [Fact]
    public async Task An_unknown_sequenceState_is_resource_not_found()
    {
        var (session, capture) = await ConnectAsync();
        using var _ = session;
        var runner = new SequenceStateActionRunner(session.Client, capture, null);
        var result = Assert.Single(await runner.RunAsync(SequenceStateAction.Finish, [new(987654)], "n", CancellationToken.None));
        Assert.Equal((FailureCategory.ResourceNotFound, 404), (result.ErrorCategory, result.StatusCode));
        Assert.Null(result.ActionId);
        Assert.Equal(0, CountActions());
    }

    [Fact]
    public async Task Many_actions_run_concurrently_and_each_keeps_only_its_own_callouts()
    {
        var (session, capture) = await ConnectAsync();
        using var _ = session;
        var ids = new List<long>();
        for (var p = DemoPreset.Prospects.Success1; p <= DemoPreset.Prospects.Success6; p++) ids.Add(await EnrollAsync(session, p));
        var runner = new SequenceStateActionRunner(session.Client, capture, new SequenceStateActionLog(Store)) { MaxConcurrency = 6 };

        var results = await runner.RunAsync(SequenceStateAction.Pause, ids.Select(i => new SequenceStateTarget(i)).ToList(), "n", CancellationToken.None);

        Assert.Equal(ids, results.Select(r => r.SequenceStateId));
        Assert.All(results, r => Assert.Equal("paused", r.State));
        var rows = ReadActions();
        Assert.All(rows, r => Assert.Equal($"/api/v2/sequenceStates/{r.StateId}/actions/pause", r.CalloutPath));
        Assert.All(rows, r => Assert.Equal(1L, r.Callouts));
    }

    [Fact]
    public async Task The_reader_filters_in_outreach_and_follows_every_page()
    {
        var (session, _) = await ConnectAsync(pageSize: 2);
        using var __ = session;
        var created = new List<long>();
        for (var p = DemoPreset.Prospects.Success1; p <= DemoPreset.Prospects.Success5; p++) created.Add(await EnrollAsync(session, p));
        var reader = new SequenceStateReader(session.Client);

        var inSequence = await reader.ListAsync(new SequenceStateFilter { SequenceIds = [DemoPreset.Sequences.SharedEmail] }, CancellationToken.None).ToListAsync();
        Assert.Equal(created.Append(1).Order(), inSequence.Select(s => s.Id).Order());

        var active = await reader.ListAsync(new SequenceStateFilter { SequenceIds = [DemoPreset.Sequences.SharedEmail], States = ["active"] }, CancellationToken.None).ToListAsync();
        Assert.Equal(created.Order(), active.Select(s => s.Id).Order());
        Assert.All(active, s => Assert.Equal(DemoPreset.Users.Sender, s.MailboxId));

        var one = Assert.Single(await reader.ListAsync(new SequenceStateFilter { ProspectIds = [DemoPreset.Prospects.Success3] }, CancellationToken.None).ToListAsync());
        Assert.Equal((created[2], DemoPreset.Prospects.Success3, one.Id), (one.Id, one.ProspectId!.Value, one.SequenceStateId));

        var everything = await reader.ListAsync(new SequenceStateFilter(), CancellationToken.None).ToListAsync();
        Assert.Equal(4 + created.Count, everything.Count);
    }

    [Fact]
    public async Task Cancellation_stops_the_run()
    {
        var (session, capture) = await ConnectAsync();
        using var _ = session;
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var runner = new SequenceStateActionRunner(session.Client, capture, new SequenceStateActionLog(Store));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunAsync(SequenceStateAction.Pause, [new(2)], "n", cancelled.Token));
        var state = Assert.Single(await new SequenceStateReader(session.Client).ListAsync(new SequenceStateFilter { Ids = [2] }, CancellationToken.None).ToListAsync());
        Assert.Equal("active", state.State);
    }

    private sealed record ActionRowView(long Id, string Type, string Outcome, long StateId, string TargetType, int Status, string? Category, long Callouts, string? CalloutPath)
    {
        public string Verb => Type.Split(' ')[0].ToLowerInvariant();
    }

    private List<ActionRowView> ReadActions()
    {
        using var connection = Store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT a.id, a.action_type, a.outcome, a.sequence_state_id, a.target_record_type, a.last_status_code, a.error_category,
                   (SELECT COUNT(*) FROM callouts c WHERE c.action_id = a.id), (SELECT MIN(path) FROM callouts c WHERE c.action_id = a.id)
            FROM actions a ORDER BY a.id
            """;
        using var r = command.ExecuteReader();
        var list = new List<ActionRowView>();
        while (r.Read())
            list.Add(new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetString(4), r.GetInt32(5), r.IsDBNull(6) ? null : r.GetString(6), r.GetInt64(7), r.IsDBNull(8) ? null : r.GetString(8)));
        return list;
    }

    private long CountActions()
    {
        using var connection = Store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM actions";
        return (long)command.ExecuteScalar()!;
    }
}
