using LeanData.Outreach.Sandbox.Api;
using LeanData.Outreach.Sandbox.Faults;
using LeanData.Outreach.Sandbox.Model;
using LeanData.Outreach.Sandbox.OAuth;
using LeanData.Outreach.Sandbox.Seeding;

namespace LeanData.Outreach.Sandbox.Hosting;

/// <summary>Everything a running sandbox holds: data, tokens, faults, limits, counters. Tests reach it through <see cref="SandboxHost.Runtime"/>.</summary>
public sealed class SandboxRuntime
{
    private OAuthSettings _oauth;
    private MaintenanceWindow? _maintenance;

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
    public OAuthEndpoints OAuth { get; }

    public OAuthSettings OAuthSettings
    {
        get => _oauth;
        set => _oauth = value;
    }

    public MaintenanceWindow? Maintenance
    {
        get => _maintenance;
        set => _maintenance = value;
    }

    private OAuthSettings DefaultOAuth() => new()
    {
        ClientId = Options.ClientId,
        ClientSecret = Options.ClientSecret,
        AccessTokenTtl = TimeSpan.FromSeconds(Options.TokenTtlSeconds),
    };

    /// <summary>Mints a token pair for a user without the OAuth dance (scopes default to every scope).</summary>
    public TokenIssue MintToken(long userId, IReadOnlyList<string>? scopes = null, TimeSpan? ttl = null) =>
        Tokens.Issue(userId, scopes ?? OAuthSettings.AllScopes, _oauth.ClientId, ttl ?? _oauth.AccessTokenTtl, _oauth.RefreshTokenTtl);

    /// <summary>Back to start-up state: data re-seeded (with <paramref name="seed"/> or the start-up seed), tokens, faults, windows, limits and counters cleared.</summary>
    public void Reset(SeedRequest? seed = null)
    {
        lock (Data.Sync) Seeder.Apply(Data, seed ?? SeedRequest.Parse(Options.Seed));
        Tokens.Clear();
        Faults.Clear(seed: 12345);
        RateLimiter.Configure(new RateLimitSettings(Options.RateLimit, TimeSpan.FromSeconds(Options.RateWindowSeconds)));
        _maintenance = null;
        _oauth = DefaultOAuth();
        Counters.Reset();
    }
}
