using LeanData.Outreach.Errors;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outreach.OAuth;
using LeanData.Outreach.Sandbox.Faults;
using LeanData.Outreach.Sandbox.Hosting;
using LeanData.Outreach.Security;
using LeanData.Outreach.Store;
using LeanData.Outreach.Tests.Sandbox;
using Xunit;
using LeanData.Outreach.Connection;

namespace LeanData.Outreach.Tests.Outreach;

/// <summary>The Outreach client against the real sandbox over HTTP (demo preset).</summary>
public sealed class SandboxClientTests : IClassFixture<SandboxFixture>, IDisposable
{
    private const long AdminUser = 1, SenderMailbox = 2;
    private const long SharedEmail = 1, Private = 3, ExclusiveB = 5, ReAdd = 6, SharedCallOnly = 2;

    private readonly SandboxFixture sandbox;
    private readonly string root = Path.Combine(Path.GetTempPath(), "ld-sbx-" + Guid.NewGuid().ToString("N"));

    public SandboxClientTests(SandboxFixture sandbox)
    {
        this.sandbox = sandbox;
        sandbox.Reset();
        // Sessions from a store share the process's admission per (API, user): start each test without the last one's rate state.
        LeanData.Outreach.Outreach.Transport.AdmissionRegistry.Reset();
    }

    public void Dispose()
    {
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }

    private SandboxRuntime Runtime => sandbox.Host.Runtime;
    private LDStore Store => new(Path.Combine(root, "data", "store.db"));
    private ISecretProtector Protector => new AesGcmSecretProtector(Path.Combine(root, "config", "key"));
    private OAuthClientCredentials Credentials(string secret = "ld-demo-secret") =>
        new("ld-demo-client", secret, new Uri("http://127.0.0.1:1/callback"));

    private OutreachSessionOptions Options(RecordingObserver? observer = null, int pageSize = 1000) => new()
    {
        Protector = Protector,
        Observer = observer,
        Client = new OutreachClientOptions { PageSize = pageSize, TransientRetryCount = 3, TransientRetryBaseDelay = TimeSpan.FromMilliseconds(10), AttemptTimeout = TimeSpan.FromSeconds(5),
            MaxAdmissionWait = TimeSpan.FromSeconds(5) },
        Tokens = new TokenManagerOptions { MinimumRefreshInterval = TimeSpan.FromMilliseconds(500) },
    };

    private async Task<OutreachSession> ConnectedSessionAsync(RecordingObserver? observer = null, int pageSize = 1000)
    {
        var minted = sandbox.Host.MintToken(AdminUser);
        await OutreachConnector.ConnectWithRefreshTokenAsync(Store, Credentials(), sandbox.BaseUri, minted.RefreshToken, Options(), CancellationToken.None);
        return OutreachSession.FromStore(Store, Options(observer, pageSize));
    }

    private OutreachSession TokenSession(string accessToken)
    {
        var tokens = new TokenSet(accessToken, "unused-refresh", DateTimeOffset.UtcNow.AddHours(2), OutreachScopes.Required, DateTimeOffset.UtcNow);
        return OutreachSession.Create(sandbox.BaseUri, Credentials(), new InMemoryTokenStore(tokens), null, Options());
    }

    [Fact]
    public async Task Interactive_code_flow_connects_and_reads_the_identity()
    {
        var state = AuthorizeUrlBuilder.NewState();
        var url = AuthorizeUrlBuilder.Build(sandbox.BaseUri, "ld-demo-client", new Uri("http://127.0.0.1:1/callback"), state);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var redirect = await browser.GetAsync(url);
        var location = redirect.Headers.Location!;
        var query = location.Query.TrimStart('?').Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        Assert.Equal(state, query["state"]);

        var info = await OutreachConnector.ConnectWithCodeAsync(Store, Credentials(), sandbox.BaseUri, query["code"], Options(), CancellationToken.None);

        Assert.Equal(AdminUser, info.AuthorizedUserId);
        Assert.Equal("ada.admin@demo.example", info.AuthorizedUserEmail);
        Assert.Empty(OutreachScopes.Missing(info.Scopes));
        using var session = OutreachSession.FromStore(Store, Options());
        var identity = await session.Client.GetIdentityAsync(CancellationToken.None);
        Assert.Equal("LeanData Demo Org", identity.OrgName);
    }

    [Fact]
    public async Task Bad_client_secret_and_bad_code_give_distinct_ids()
    {
        var badSecret = await Assert.ThrowsAnyAsync<OAuthException>(() =>
            OutreachConnector.ConnectWithCodeAsync(Store, Credentials("wrong"), sandbox.BaseUri, "whatever", Options(), CancellationToken.None));
        var badCode = await Assert.ThrowsAnyAsync<OAuthException>(() =>
            OutreachConnector.ConnectWithCodeAsync(Store, Credentials(), sandbox.BaseUri, "not-a-code", Options(), CancellationToken.None));
        Assert.Equal(ErrorCatalog.OAuthInvalidClient.Id, badSecret.ErrorId);
        Assert.Equal(ErrorCatalog.OAuthInvalidCode.Id, badCode.ErrorId);
        Assert.Null(new ConnectionRepository(Store).Get());
    }

    [Fact]
    public async Task Missing_scope_at_connect_is_refused_and_at_call_time_is_classified()
    {
        Runtime.OAuthSettings = Runtime.OAuthSettings.Clone().Also(s => s.GrantedScopes = ["sequences.all", "prospects.all", "mailboxes.all", "users.all", "sequenceSteps.all", "rulesets.all"]);
        var minted = sandbox.Host.MintToken(AdminUser);
        var ex = await Assert.ThrowsAsync<MissingScopeException>(() =>
            OutreachConnector.ConnectWithRefreshTokenAsync(Store, Credentials(), sandbox.BaseUri, minted.RefreshToken, Options(), CancellationToken.None));
        Assert.Equal(["sequenceStates.all"], ex.MissingScopes);

        using var session = TokenSession(sandbox.MintToken(AdminUser, "prospects.all", "sequences.all"));
        var result = await session.Client.CreateSequenceStateAsync(1, SharedEmail, SenderMailbox, CancellationToken.None);
        Assert.Equal(FailureCategory.UnauthorizedOAuthScope, result.Failure?.Category);
        Assert.Contains("sequenceStates.write", result.Failure!.Message);
    }

    [Fact]
    public async Task Expired_access_token_is_refreshed_and_the_rotated_refresh_token_persisted()
    {
        using var session = await ConnectedSessionAsync();
        var before = new StoreTokenStore(new SecretRepository(Store, Protector)).Load()!;
        Assert.True((await session.Client.GetProspectAsync(1, CancellationToken.None)).IsSuccess);

        Runtime.Tokens.ExpireAccessTokens(null);   // the sandbox's access tokens are past their lifetime
        var after = await session.Client.GetProspectAsync(2, CancellationToken.None);

        Assert.True(after.IsSuccess, after.Failure?.ToString());
        Assert.Equal(1, session.Tokens.RefreshCount);
        var stored = new StoreTokenStore(new SecretRepository(Store, Protector)).Load()!;
        Assert.NotEqual(before.RefreshToken, stored.RefreshToken);
        Assert.Equal(session.Tokens.Current!.AccessToken, stored.AccessToken);
    }

    [Fact]
    public async Task A_401_mid_run_refreshes_once_and_the_call_succeeds()
    {
        using var session = await ConnectedSessionAsync();
        Runtime.Tokens.ExpireAccessTokens(null);
        var result = await session.Client.CreateSequenceStateAsync(1, SharedEmail, SenderMailbox, CancellationToken.None);
        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Equal(1, session.Tokens.RefreshCount);
    }

    [Fact]
    public async Task A_revoked_refresh_token_becomes_a_configuration_error()
    {
        using var session = await ConnectedSessionAsync();
        Runtime.Tokens.RevokeAll(null);
        var result = await session.Client.CreateSequenceStateAsync(1, SharedEmail, SenderMailbox, CancellationToken.None);
        Assert.Equal(FailureCategory.ConfigurationError, result.Failure?.Category);
        Assert.Equal(ErrorCatalog.OAuthRefreshTokenRevoked.Id, result.Failure!.OutreachErrorId);
        Assert.Contains("Connect-LDOutreach again", result.Failure.RecommendedAction);
        Assert.Equal(0, sandbox.Host.Counters.SequenceStatesCreated);
    }

    [Fact]
    public async Task Lists_page_through_more_than_one_page()
    {
        var observer = new RecordingObserver();
        using var session = await ConnectedSessionAsync(observer, pageSize: 2);
        var sequences = new List<long>();
        await foreach (var s in session.Client.ListSequencesAsync(CancellationToken.None)) sequences.Add(s.Id);
        var users = new List<long>();
        await foreach (var u in session.Client.ListUsersAsync(CancellationToken.None)) users.Add(u.Id);
        var steps = new List<LeanData.Outreach.Outreach.Model.OutreachSequenceStep>();
        await foreach (var st in session.Client.ListSequenceStepsAsync(CancellationToken.None)) steps.Add(st);

        Assert.Equal(Enumerable.Range(1, 9).Select(i => (long)i), sequences.Order());
        Assert.Equal(Enumerable.Range(1, 6).Select(i => (long)i), users.Order());
        Assert.True(observer.Callouts.Count(c => c.Path.EndsWith("/sequences", StringComparison.Ordinal)) >= 5);
        Assert.Contains(steps, s => s.SequenceId == SharedEmail && s.IsEmail);
        Assert.DoesNotContain(steps, s => s.SequenceId == SharedCallOnly && s.IsEmail);
    }

    [Theory]
    [InlineData("dropAfterBody")]
    [InlineData("dropBeforeBody")]
    [InlineData("status")]
    public async Task Unknown_post_outcomes_never_enroll_twice(string kind)
    {
        using var session = await ConnectedSessionAsync();
        sandbox.Host.Faults.Add(new FaultRule { Route = "POST /sequenceStates", Kind = Enum.Parse<FaultKind>(kind, ignoreCase: true), Status = 500, Count = 1 });

        var result = await session.Client.CreateSequenceStateAsync(2, SharedEmail, SenderMailbox, CancellationToken.None);

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Equal(1, sandbox.Host.Counters.Enrollments(2, SharedEmail));
        Assert.Equal(0, sandbox.Host.Counters.Duplicates);
        if (kind == "dropAfterBody") Assert.True(result.RecoveredExisting);
    }

    [Fact]
    public async Task Rate_limit_and_maintenance_come_back_with_their_retry_times()
    {
        using var session = await ConnectedSessionAsync();
        sandbox.Host.Faults.Add(new FaultRule { Route = "POST /sequenceStates", Kind = FaultKind.RateLimit, Count = 1, RetryAfterSeconds = 30 });
        var limited = await session.Client.CreateSequenceStateAsync(3, SharedEmail, SenderMailbox, CancellationToken.None);
        Assert.Equal(FailureCategory.RateLimitExceeded, limited.Failure?.Category);
        Assert.InRange(limited.Failure!.RetryAt!.Value, DateTimeOffset.UtcNow.AddSeconds(20), DateTimeOffset.UtcNow.AddSeconds(40));
        Assert.Equal(1, sandbox.Host.Counters.Requests("POST /sequenceStates")); // a 429 is not retried inside the call

        // Until its Retry-After, the transport sends nothing more for this user: the next call comes back unsent.
        var held = await session.Client.CreateSequenceStateAsync(4, SharedEmail, SenderMailbox, CancellationToken.None);
        Assert.Equal((FailureCategory.RateLimitExceeded, true), (held.Failure?.Category, held.Failure?.NotSent));
        Assert.InRange(held.Failure!.RetryAt!.Value, DateTimeOffset.UtcNow.AddSeconds(20), DateTimeOffset.UtcNow.AddSeconds(41));
        Assert.Equal(1, sandbox.Host.Counters.Requests("POST /sequenceStates"));

        LeanData.Outreach.Outreach.Transport.AdmissionRegistry.Reset();
        using var later = OutreachSession.FromStore(Store, Options());
        var end = DateTimeOffset.UtcNow.AddMinutes(10);
        Runtime.Maintenance = new MaintenanceWindow(DateTimeOffset.UtcNow.AddSeconds(-1), end);
        var maintenance = await later.Client.CreateSequenceStateAsync(3, SharedEmail, SenderMailbox, CancellationToken.None);
        Assert.Equal(FailureCategory.ScheduledMaintenance, maintenance.Failure?.Category);
        Assert.Equal(end.ToUnixTimeSeconds(), maintenance.Failure!.RetryAt!.Value.ToUnixTimeSeconds(), 1.0);
        Assert.Contains("LeanData will retry the request after", maintenance.Failure.RecommendedAction);
    }

    [Theory]
    [InlineData(7, SharedEmail, SenderMailbox, FailureCategory.ProspectOptedOut)]
    [InlineData(8, SharedEmail, SenderMailbox, FailureCategory.ProspectMissingEmail)]
    [InlineData(9, SharedEmail, SenderMailbox, FailureCategory.ResourceNotFound)]
    [InlineData(10, SharedEmail, SenderMailbox, FailureCategory.ObjectMerged)]
    [InlineData(11, SharedEmail, SenderMailbox, FailureCategory.ProspectAlreadyTargeted)]
    [InlineData(12, ExclusiveB, SenderMailbox, FailureCategory.ProspectActiveInAnotherExclusiveSequence)]
    [InlineData(16, SharedEmail, SenderMailbox, FailureCategory.ProspectActiveInAnotherSequence)]
    [InlineData(15, ReAdd, SenderMailbox, FailureCategory.ProspectStillActiveInSequence)]
    [InlineData(13, SharedEmail, SenderMailbox, FailureCategory.ProspectLocked)]
    [InlineData(14, SharedEmail, SenderMailbox, FailureCategory.GeneralValidationError)]
    [InlineData(1, SharedEmail, 3L, FailureCategory.UserLocked)]
    [InlineData(1, SharedEmail, 4L, FailureCategory.MailboxSendDisabled)]
    [InlineData(1, SharedEmail, 5L, FailureCategory.MailboxInvalidSendCredentials)]
    [InlineData(1, Private, SenderMailbox, FailureCategory.UserNotOwner)]
    [InlineData(1, 999, SenderMailbox, FailureCategory.ResourceNotFound)]
    public async Task Sandbox_enrollment_failures_are_classified(long prospect, long sequence, long mailbox, FailureCategory expected)
    {
        using var session = await ConnectedSessionAsync();
        var result = await session.Client.CreateSequenceStateAsync(prospect, sequence, mailbox, CancellationToken.None);
        Assert.Equal(expected, result.Failure?.Category);
        Assert.False(string.IsNullOrWhiteSpace(result.Failure!.Message));
        Assert.Equal(1, result.HttpAttempts);
    }

    [Fact]
    public async Task A_user_without_sequence_permission_gets_unauthorized_request()
    {
        using var session = TokenSession(sandbox.MintToken(6));
        var result = await session.Client.CreateSequenceStateAsync(1, SharedEmail, SenderMailbox, CancellationToken.None);
        Assert.Equal(FailureCategory.UnauthorizedRequest, result.Failure?.Category);
    }

    [Fact]
    public async Task Sequence_state_actions_round_trip()
    {
        using var session = await ConnectedSessionAsync();
        var created = await session.Client.CreateSequenceStateAsync(4, SharedCallOnly, SenderMailbox, CancellationToken.None);
        Assert.True(created.Succeeded, created.Failure?.ToString());
        var id = created.SequenceStateId!.Value;
        var found = await session.Client.FindSequenceStatesAsync(4, SharedCallOnly, CancellationToken.None);
        Assert.Equal(id, Assert.Single(found.Value!).Id);
        var paused = await session.Client.PauseSequenceStateAsync(id, CancellationToken.None);
        Assert.Equal("paused", paused.Value?.State);
        var pausedAgain = await session.Client.PauseSequenceStateAsync(id, CancellationToken.None);
        Assert.Equal(FailureCategory.GeneralValidationError, pausedAgain.Failure?.Category);
        Assert.True((await session.Client.ResumeSequenceStateAsync(id, CancellationToken.None)).IsSuccess);
        Assert.True((await session.Client.FinishSequenceStateAsync(id, CancellationToken.None)).IsSuccess);
    }
}

internal static class SandboxTestExtensions
{
    public static T Also<T>(this T value, Action<T> change)
    {
        change(value);
        return value;
    }
}
