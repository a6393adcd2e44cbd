using LeanData.Outreach.Engine.Batching;
using LeanData.Outreach.Engine.Execution;
using LeanData.Outreach.Engine.Planning;

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

    /// <summary>Plan only: no session, no catalog refresh, nothing sent or stored.</summary>
    public bool WhatIf { get; init; }
}
