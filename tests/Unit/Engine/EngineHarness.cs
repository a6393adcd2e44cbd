using LeanData.Outreach.Catalog;
using LeanData.Outreach.Configuration;
using LeanData.Outreach.Engine.Execution;
using LeanData.Outreach.Engine.Planning;
using LeanData.Outreach.Outreach.Transport;
using RateLimitSettings = LeanData.Outreach.Configuration.RateLimitSettings;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outreach.OAuth;
using LeanData.Outreach.Sandbox.Hosting;
using LeanData.Outreach.Store;
using LeanData.Outreach.Outreach.Client;

namespace LeanData.Outreach.Tests.Engine;

/// <summary>A sandbox on 127.0.0.1, a real OutreachClient with tokens minted by the sandbox, and a temp store.</summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly HttpClient _http;

    private EngineHarness(SandboxHost host, TimeSpan transientDelay, TimeSpan maxAdmissionWait, RateLimitSettings budget,
        IReadOnlyList<string>? scopes = null, IReadOnlyList<string>? claimedScopes = null)
    {
        Host = host;
        Store = new LDStore(_dir.File("store.db"));
        Actions = new ActionRepository(Store);
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        var issue = host.MintToken(1, scopes);
        var now = DateTimeOffset.UtcNow;
        TokenStore = new InMemoryTokenStore(new TokenSet(issue.AccessToken, issue.RefreshToken, now.AddSeconds(issue.ExpiresIn), claimedScopes ?? issue.Scopes, now));
        Callouts = new CalloutCollector();
        var oauth = new OAuthClient(_http, host.BaseUri, new OAuthClientCredentials("ld-demo-client", "ld-demo-secret", new Uri("http://127.0.0.1/callback")), observer: Callouts);
        Tokens = new TokenManager(oauth, TokenStore, new TokenManagerOptions { MinimumRefreshInterval = TimeSpan.Zero, RefreshBeforeExpiry = TimeSpan.Zero });
        Client = new OutreachClient(_http, Tokens, new OutreachClientOptions { ApiBaseUri = host.BaseUri, TransientRetryCount = 2, TransientRetryBaseDelay = transientDelay, AttemptTimeout = TimeSpan.FromSeconds(5), MaxAdmissionWait = maxAdmissionWait },
            Callouts, admission: new RequestAdmission(budget));
        Gateway = new OutreachEnrollmentGateway(Client);
    }

    public SandboxHost Host { get; }
    public LDStore Store { get; }
    public ActionRepository Actions { get; }
    public InMemoryTokenStore TokenStore { get; }
    public TokenManager Tokens { get; }
    public CalloutCollector Callouts { get; }
    public OutreachClient Client { get; }
    public IEnrollmentGateway Gateway { get; }

    /// <param name="maxAdmissionWait">The client's longest in-line wait for maintenance, a rate-limit reset or a budget permit.</param>
    /// <param name="budget">The client budget of this harness's client (its own: parallel tests never share one).</param>
    /// <param name="scopes">What the sandbox grants the token (null: every scope).</param>
    /// <param name="claimedScopes">What the stored token says it was granted (null: what the sandbox granted).</param>
    public static async Task<EngineHarness> StartAsync(int rateLimit = 0, int rateWindowSeconds = 60, string seed = "demo",
        TimeSpan? maxAdmissionWait = null, RateLimitSettings? budget = null, IReadOnlyList<string>? scopes = null, IReadOnlyList<string>? claimedScopes = null)
    {
        var host = await SandboxHost.StartAsync(new SandboxOptions { RateLimit = rateLimit, RateWindowSeconds = rateWindowSeconds, Seed = seed });
        return new EngineHarness(host, TimeSpan.FromMilliseconds(10), maxAdmissionWait ?? TimeSpan.FromSeconds(5), budget ?? RateLimitSettings.Default,
            scopes, claimedScopes);
    }

    /// <summary>Another client on the same HTTP connection pool and tokens with its own admission, as another process has.</summary>
    public OutreachClient ClientWith(RequestAdmission admission) => new(_http, Tokens, Client.Options, Callouts, admission: admission);

    public EnrollmentExecutor Executor(ExecutorOptions? options = null) =>
        new(Gateway, Actions, options ?? new ExecutorOptions { RetryPolicy = new RetryPolicy(TimeSpan.FromMinutes(15), 6), RateLimitUserId = 1 }, Callouts);

    public async Task<CatalogSnapshot> CatalogAsync(IEnumerable<KeyValuePair<string, long>>? sfUsers = null)
    {
        var users = new List<OutreachUserInfo>();
        await foreach (var u in Client.ListUsersAsync(CancellationToken.None)) users.Add(u);
        var mailboxes = new List<MailboxInfo>();
        await foreach (var m in Client.ListMailboxesAsync(CancellationToken.None)) mailboxes.Add(m);
        return new CatalogSnapshot(users, mailboxes, sfUsers);
    }

    public static SequenceInfo Sequence(long id, string name = "Demo sequence", bool hasEmailStep = true) =>
        new(id, name, true, false, "shared", 1, null, hasEmailStep, null, null);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Host.DisposeAsync();
        _dir.Dispose();
    }
}
