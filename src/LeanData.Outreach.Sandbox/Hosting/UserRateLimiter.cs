using System.Collections.Concurrent;

namespace LeanData.Outreach.Sandbox.Hosting;

/// <summary>
/// Fixed-window per-user limiter. A user's window starts with their first request and resets after
/// the window length, like Outreach's hourly budget with an epoch-seconds X-RateLimit-Reset.
/// </summary>
public sealed class UserRateLimiter
{
    private readonly ConcurrentDictionary<long, Bucket> _buckets = new();
    private RateLimitSettings _settings;
    private readonly TimeProvider _time;

    public UserRateLimiter(RateLimitSettings settings, TimeProvider time)
    {
        _settings = settings;
        _time = time;
    }

    public RateLimitSettings Settings => _settings;

    public void Configure(RateLimitSettings settings)
    {
        _settings = settings;
        _buckets.Clear();
    }

    public void Reset() => _buckets.Clear();

    private sealed class Bucket
    {
        public long WindowStartTicks;
        public int Used;
    }

    /// <summary>The user's budget as it stands, without counting a request (for answers that are not counted: 401).</summary>
    public RateLimitDecision Peek(long userId)
    {
        var settings = _settings;
        var now = _time.GetUtcNow();
        var limit = settings.Enabled ? settings.Limit : 10_000;
        if (!_buckets.TryGetValue(userId, out var bucket)) return new RateLimitDecision(true, limit, limit, now + settings.Window);
        lock (bucket)
        {
            if (bucket.Used == 0 || now.UtcTicks - bucket.WindowStartTicks >= settings.Window.Ticks)
                return new RateLimitDecision(true, limit, limit, now + settings.Window);
            var reset = new DateTimeOffset(bucket.WindowStartTicks + settings.Window.Ticks, TimeSpan.Zero);
            var remaining = settings.Enabled ? Math.Max(0, limit - bucket.Used) : limit;
            return new RateLimitDecision(remaining > 0, limit, remaining, reset);
        }
    }

    /// <summary>Counts one request for the user and says whether it is within the budget.</summary>
    public RateLimitDecision Acquire(long userId)
    {
        var settings = _settings;
        var now = _time.GetUtcNow();
        var limit = settings.Enabled ? settings.Limit : 10_000;
        var bucket = _buckets.GetOrAdd(userId, static _ => new Bucket());
        lock (bucket)
        {
            var windowTicks = settings.Window.Ticks;
            if (bucket.Used == 0 || now.UtcTicks - bucket.WindowStartTicks >= windowTicks)
            {
                bucket.WindowStartTicks = now.UtcTicks;
                bucket.Used = 0;
            }
            var reset = new DateTimeOffset(bucket.WindowStartTicks + windowTicks, TimeSpan.Zero);
            if (!settings.Enabled)
            {
                return new RateLimitDecision(true, limit, limit, reset);
            }
            if (bucket.Used >= limit)
            {
                return new RateLimitDecision(false, limit, 0, reset);
            }
            bucket.Used++;
            return new RateLimitDecision(true, limit, limit - bucket.Used, reset);
        }
    }
}

public readonly record struct RateLimitDecision(bool Allowed, int Limit, int Remaining, DateTimeOffset Reset);
