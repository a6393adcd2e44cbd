using LeanData.Outreach.Configuration;

namespace LeanData.Outreach.Engine.Execution;

/// <summary>How the executor sends: concurrency, budgets, retry policy and how long it may wait in-line.</summary>
public sealed record ExecutorOptions
{
    public const int DefaultThrottleLimit = 8;
    public const int MaxThrottleLimit = 64;

    /// <summary>Enrollment calls in flight at once.</summary>
    public int ThrottleLimit { get; init; } = DefaultThrottleLimit;

    /// <summary>The client budget per Outreach user (Set-LDRateLimit).</summary>
    public RateLimitSettings RateLimit { get; init; } = RateLimitSettings.Default;

    /// <summary>"Retry Action In" and the number of further attempts (Set-LDRetryPolicy).</summary>
    public RetryPolicy RetryPolicy { get; init; } = RetryPolicy.Default;

    /// <summary>
    /// The longest in-line wait for a rate-limit reset, a client-budget permit or the end of a maintenance
    /// window. Anything further away makes the action Pending until then.
    /// </summary>
    public TimeSpan MaxInlineWait { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The Outreach user whose token makes the calls (Outreach counts requests per token user). Budgets and
    /// the server's rate-limit state are kept per this id.
    /// </summary>
    public long BudgetUserId { get; init; }

    /// <summary>How long actions being sent are leased in the store (a crashed run's actions become due after it).</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Names this run's leases in the store.</summary>
    public string LeaseOwner { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public ExecutorOptions Validated()
    {
        if (ThrottleLimit is < 1 or > MaxThrottleLimit)
            throw new ArgumentOutOfRangeException(nameof(ThrottleLimit), ThrottleLimit, $"ThrottleLimit must be between 1 and {MaxThrottleLimit}.");
        if (MaxInlineWait < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MaxInlineWait));
        RateLimit.Validated();
        RetryPolicy.Validated();
        return this;
    }
}
