using System.Collections.Concurrent;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outreach.OAuth;
using LeanData.Outreach.Connection;

namespace LeanData.Outreach.Tests.Outreach;

internal sealed class RecordingObserver : IOutreachObserver
{
    public ConcurrentQueue<CalloutRecord> Callouts { get; } = new();
    public ConcurrentQueue<RateLimitObservation> RateLimits { get; } = new();
    public void OnCallout(CalloutRecord callout) => Callouts.Enqueue(callout);
    public void OnRateLimit(RateLimitObservation observation) => RateLimits.Enqueue(observation);
}

/// <summary>A clock the test moves by hand; timers stay real (so Polly's short delays still elapse).</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long ticks = start.UtcTicks;
    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);
    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
}

internal static class TestClients
{
    public static readonly Uri Base = new("http://127.0.0.1:5999/api/v2");
    public static readonly OAuthClientCredentials Credentials = new("client-1", "s3cret-client-value", new Uri("http://127.0.0.1:5998/callback"));

    public static TokenSet Tokens(string access = "access-1", string refresh = "refresh-1", TimeSpan? lifetime = null, DateTimeOffset? now = null)
    {
        var issued = now ?? DateTimeOffset.UtcNow;
        return new TokenSet(access, refresh, issued + (lifetime ?? TimeSpan.FromHours(2)), OutreachScopes.Required, issued);
    }

    public static OutreachSession Session(FakeOutreachHandler handler, ITokenStore store, RecordingObserver? observer = null, TimeProvider? time = null,
        int retries = 3, int pageSize = 1000, TimeSpan? minRefresh = null) =>
        OutreachSession.Create(Base, Credentials, store, null, new OutreachSessionOptions
        {
            Handler = handler,
            Observer = observer,
            Time = time,
            Client = new OutreachClientOptions { TransientRetryCount = retries, TransientRetryBaseDelay = TimeSpan.FromMilliseconds(5), PageSize = pageSize, AttemptTimeout = TimeSpan.FromSeconds(2) },
            Tokens = new TokenManagerOptions { MinimumRefreshInterval = minRefresh ?? TimeSpan.FromSeconds(60) },
        });
}
