using LeanData.Outreach.Engine.Bulk;
using LeanData.Outreach.Engine.Execution;
using LeanData.Outreach.Outreach;

namespace LeanData.Outreach.UseCases;

/// <summary>What Start-LDRetryWorker was asked to do, as the <see cref="Retry"/> front door takes it.</summary>
public sealed record RetryRequest
{
    /// <summary>Drain what is due and return, instead of polling until cancelled.</summary>
    public bool Once { get; init; }
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(30);
    public int BatchSize { get; init; } = 50;
    public int ThrottleLimit { get; init; } = ExecutorOptions.DefaultThrottleLimit;
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Send Pending actions that are not due yet too (with <see cref="Once"/> only).</summary>
    public bool IncludeNotDue { get; init; }

    /// <summary>Retry only these actions, now (implies <see cref="Once"/>).</summary>
    public IReadOnlyCollection<long>? ActionIds { get; init; }

    /// <summary>When a drain's due actions for one (sequence, mailbox) go to the Bulk API (-BulkThreshold, -NoBulk).</summary>
    public BulkOptions Bulk { get; init; } = new();

    /// <summary>Also told of every Outreach request and wait (the cmdlet's -Debug lines).</summary>
    public IOutreachObserver? Observer { get; init; }
}
