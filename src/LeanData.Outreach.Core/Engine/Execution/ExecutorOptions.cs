using LeanData.Outreach.Configuration;

namespace LeanData.Outreach.Engine.Execution;

/// <summary>How the executor sends: concurrency, retry policy and leases. Budgets and in-line waits are the transport's.</summary>
public sealed record ExecutorOptions
{
    public const int DefaultThrottleLimit = 8;
    public const int MaxThrottleLimit = 64;

    /// <summary>Enrollment calls in flight at once.</summary>
    public int ThrottleLimit { get; init; } = DefaultThrottleLimit;

    /// <summary>"Retry Action In" and the number of further attempts (Set-LDRetryPolicy).</summary>
    public RetryPolicy RetryPolicy { get; init; } = RetryPolicy.Default;

    /// <summary>The Outreach user whose token makes the calls: the store records the server's rate-limit state under this id.</summary>
    public long RateLimitUserId { get; init; }

    /// <summary>
    /// How long actions being sent are leased in the store: renewed every third of it while the batch is in hand, so a live
    /// run never loses its actions however long a batch takes, and a crashed run's actions are taken over this long after it died.
    /// </summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromMinutes(1);

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
        RetryPolicy.Validated();
        return this;
    }
}
