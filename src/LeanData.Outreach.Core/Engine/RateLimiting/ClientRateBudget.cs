using System.Threading.RateLimiting;
using LeanData.Outreach.Configuration;
using Polly;
using Polly.RateLimiting;

namespace LeanData.Outreach.Engine.RateLimiting;

/// <summary>
/// The client-side request budget (Set-LDRateLimit, default 5,000 per hour) for one Outreach user, as a
/// Polly rate limiter over a sliding window, plus that user's <see cref="ServerRateState"/>. Requests queue
/// for a permit in arrival order; the executor bounds how long it lets them wait.
/// </summary>
public sealed class ClientRateBudget : IDisposable
{
    private readonly SlidingWindowRateLimiter _limiter;

    public ClientRateBudget(RateLimitSettings settings)
    {
        Settings = settings;
        var segments = (int)Math.Clamp(settings.Window.TotalSeconds, 1, 60);
        _limiter = new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = settings.Limit,
            Window = settings.Window,
            SegmentsPerWindow = segments,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
        Pipeline = new ResiliencePipelineBuilder()
            .AddRateLimiter(new RateLimiterStrategyOptions
            {
                RateLimiter = args => _limiter.AcquireAsync(1, args.Context.CancellationToken),
            })
            .Build();
    }

    public RateLimitSettings Settings { get; }

    /// <summary>The Polly pipeline every enrollment call of this user goes through.</summary>
    public ResiliencePipeline Pipeline { get; }

    public ServerRateState Server { get; } = new();

    /// <summary>How long a caller waiting for a permit may have to wait at worst: one window.</summary>
    public TimeSpan Window => Settings.Window;

    public void Dispose() => _limiter.Dispose();
}
