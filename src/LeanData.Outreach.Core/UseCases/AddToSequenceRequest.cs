using LeanData.Outreach.Engine.Batching;
using LeanData.Outreach.Engine.Bulk;
using LeanData.Outreach.Engine.Execution;
using LeanData.Outreach.Engine.Planning;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outreach;

namespace LeanData.Outreach.UseCases;

/// <summary>What Invoke-LDAddToSequence was asked to do, as the <see cref="AddToSequence"/> front door takes it.</summary>
public sealed record AddToSequenceRequest
{
    /// <summary>The sequence: a <see cref="Catalog.SequenceInfo"/>, its id (long, int or digits) or its name. Null with <see cref="UseUserSequenceMap"/>.</summary>
    public object? Sequence { get; init; }

    public bool UseUserSequenceMap { get; init; }

    public MailboxMode Mailbox { get; init; }

    public string? UserField { get; init; }

    /// <summary>With <see cref="MailboxMode.SpecificUser"/>: an Outreach user or mailbox (object, id, email or name).</summary>
    public object? User { get; init; }

    public string NodeName { get; init; } = PlanOptions.DefaultNodeName;

    public bool MergeDupeInPath { get; init; }

    public int BatchSize { get; init; } = BatchOptions.DefaultBatchSize;

    public TimeSpan BatchWindow { get; init; } = BatchOptions.MaxWindow;

    public int ThrottleLimit { get; init; } = ExecutorOptions.DefaultThrottleLimit;

    /// <summary>Send even a record that already has a Success or Pending action for the same sequence and node (-Force).</summary>
    public bool Force { get; init; }

    /// <summary>Only an earlier Success this recent keeps a record from being sent again; null means any earlier Success.</summary>
    public TimeSpan? SkipIfAddedWithin { get; init; }

    /// <summary>When a flush's (sequence, mailbox) group goes to the Bulk API (-BulkThreshold, -NoBulk).</summary>
    public BulkOptions Bulk { get; init; } = new();

    /// <summary>Also told of every Outreach request and wait (the cmdlet's -Debug lines).</summary>
    public IOutreachObserver? Observer { get; init; }

    /// <summary>Plan only: no session, no catalog refresh, nothing sent or stored.</summary>
    public bool WhatIf { get; init; }

    /// <summary>This request, or the <see cref="UseCaseException"/> naming the option out of range.</summary>
    public AddToSequenceRequest Validated()
    {
        if (BatchWindow <= TimeSpan.Zero || BatchWindow > BatchOptions.MaxWindow)
            throw new UseCaseException(ErrorCatalog.InvalidBatchWindow, FailureCategory.GeneralValidationError,
                $"-BatchWindow must be greater than zero and at most {BatchOptions.MaxWindow.TotalSeconds} seconds (got {BatchWindow}).", null, BatchWindow);
        if (SkipIfAddedWithin is { } within && within <= TimeSpan.Zero)
            throw new UseCaseException(ErrorCatalog.InvalidSkipIfAddedWithin, FailureCategory.GeneralValidationError,
                $"-SkipIfAddedWithin must be greater than zero (got {within}).", null, within);
        return this;
    }
}
