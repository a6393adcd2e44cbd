using LeanData.Outreach.Sandbox.Api;
using LeanData.Outreach.Sandbox.Faults;
using LeanData.Outreach.Sandbox.Model;
using LeanData.Outreach.Sandbox.OAuth;
using LeanData.Outreach.Sandbox.Seeding;

namespace LeanData.Outreach.Sandbox.Hosting;

/// <summary>Everything a running sandbox holds: data, tokens, faults, limits, counters. Tests reach it through <see cref="SandboxHost.Runtime"/>.</summary>
public sealed class SandboxRuntime : IDisposable
{
    private OAuthSettings _oauth;
    private MaintenanceWindow? _maintenance;
    private BatchSettings _batch;

    public SandboxRuntime(SandboxOptions options)
    {
        Options = options;
        Time = options.Time;
        Data = new SandboxData();
        Counters = new SandboxCounters();
        Tokens = new TokenStore(Time);
        Faults = new FaultInjector();
        RateLimiter = new UserRateLimiter(new RateLimitSettings(options.RateLimit, TimeSpan.FromSeconds(options.RateWindowSeconds)), Time);
        _oauth = DefaultOAuth();
        SequenceStates = new SequenceStateService(Data, Counters, Time);
        _batch = DefaultBatch();
        BatchProcessor = new BatchProcessor(Data, SequenceStates, Counters, Time, () => _batch);
        Batches = new BatchService(Data, BatchProcessor, Counters, Time, () => _batch);
        OAuth = new OAuthEndpoints(() => _oauth, Tokens, Data, Time);
        Seeder.Apply(Data, SeedRequest.Parse(options.Seed));
    }

    public SandboxOptions Options { get; }
    public TimeProvider Time { get; }
    public SandboxData Data { get; }
    public SandboxCounters Counters { get; }
    public TokenStore Tokens { get; }
    public FaultInjector Faults { get; }
    public UserRateLimiter RateLimiter { get; }
    public SequenceStateService SequenceStates { get; }
    public BatchService Batches { get; }
    public BatchProcessor BatchProcessor { get; }
    public OAuthEndpoints OAuth { get; }

    public OAuthSettings OAuthSettings
    {
        get => _oauth;
        set => _oauth = value;
    }

    /// <summary>Bulk API rate and daily cap (admin POST /__sandbox/batches).</summary>
    public BatchSettings BatchSettings
    {
        get => _batch;
        set => _batch = value;
    }

    public MaintenanceWindow? Maintenance
    {
        get => _maintenance;
        set => _maintenance = value;
    }

    private int _revokeAfterRequests = -1;
    private readonly object _revocationGate = new();

    /// <summary>
    /// Revokes every token (access and refresh) once <paramref name="requests"/> more API requests have been served, so a
    /// test or a chaos run can revoke an authorization mid-run at a known point (POST /__sandbox/tokens/revoke with afterRequests).
    /// </summary>
    public void RevokeAllAfter(int requests) => Volatile.Write(ref _revokeAfterRequests, requests);

    /// <summary>
    /// Counts one API request towards a scheduled revocation; the request that comes after the last one served meets the
    /// revoked tokens. Counting and revoking are one step: a request counted after the last one served waits until the
    /// tokens are revoked (before, one counted while the revocation ran could still pass the token check).
    /// </summary>
    internal void CountTowardsRevocation()
    {
        if (Volatile.Read(ref _revokeAfterRequests) < 0) return;
        lock (_revocationGate)
        {
            if (_revokeAfterRequests < 0) return;
            if (_revokeAfterRequests == 0) Tokens.RevokeAll(null);
            Volatile.Write(ref _revokeAfterRequests, _revokeAfterRequests - 1);
        }
    }

    private BatchSettings DefaultBatch() => new(Options.BatchItemsPerSecond, Options.BatchDailyItemCap);

    private OAuthSettings DefaultOAuth() => new()
    {
        ClientId = Options.ClientId,
        ClientSecret = Options.ClientSecret,
        AccessTokenTtl = TimeSpan.FromSeconds(Options.TokenTtlSeconds),
    };

    /// <summary>Mints a token pair for a user without the OAuth dance (scopes default to every scope).</summary>
    public TokenIssue MintToken(long userId, IReadOnlyList<string>? scopes = null, TimeSpan? ttl = null) =>
        Tokens.Issue(userId, scopes ?? OAuthSettings.AllScopes, _oauth.ClientId, ttl ?? _oauth.AccessTokenTtl, _oauth.RefreshTokenTtl);

    /// <summary>Back to start-up state: data re-seeded (with <paramref name="seed"/> or the start-up seed), tokens, faults, windows, limits, batches (and the daily cap's count) and counters cleared.</summary>
    public void Reset(SeedRequest? seed = null)
    {
        BatchProcessor.Clear();
        lock (Data.Sync) Seeder.Apply(Data, seed ?? SeedRequest.Parse(Options.Seed));
        Batches.ResetDailyCap();
        _batch = DefaultBatch();
        Tokens.Clear();
        _revokeAfterRequests = -1;
        Faults.Clear(seed: 12345);
        RateLimiter.Configure(new RateLimitSettings(Options.RateLimit, TimeSpan.FromSeconds(Options.RateWindowSeconds)));
        _maintenance = null;
        _oauth = DefaultOAuth();
        Counters.Reset();
    }

    public void Dispose() => BatchProcessor.Dispose();
}
