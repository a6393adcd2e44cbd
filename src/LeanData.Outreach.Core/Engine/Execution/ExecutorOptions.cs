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

    /// <summary>Which Outreach API the budget belongs to (the API base URI): user ids of different orgs never share a budget.</summary>
    public string BudgetScope { get; init; } = "";

    /// <summary>How long actions being sent are leased in the store (a crashed run's actions become due after it).</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Names this run's leases in the store.</summary>
    public string LeaseOwner { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Send even when the record already has a Success or Pending action for the same sequence and node (-Force).</summary>
    public bool Force { get; init; }

    /// <summary>
    /// Only an earlier Success this recent keeps a record from being sent again (-SkipIfAddedWithin); null means any
    /// earlier Success. An earlier Pending action always does (unless <see cref="Force"/>).
    /// </summary>
    public TimeSpan? SkipIfAddedWithin { get; init; }

    public ExecutorOptions Validated()
    {
        if (ThrottleLimit is < 1 or > MaxThrottleLimit)
            throw new ArgumentOutOfRangeException(nameof(ThrottleLimit), ThrottleLimit, $"ThrottleLimit must be between 1 and {MaxThrottleLimit}.");
        if (SkipIfAddedWithin <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(SkipIfAddedWithin), SkipIfAddedWithin, "SkipIfAddedWithin must be greater than zero.");
        if (MaxInlineWait < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MaxInlineWait));
        RateLimit.Validated();
        RetryPolicy.Validated();
        return this;
    }
}
