using LeanData.Outreach.Engine.Planning;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outcomes;

namespace LeanData.Outreach.Engine.Execution;

/// <summary>
/// What happened to one record at an Add to Sequence node: the cmdlet's output object and the audit entry's
/// content. <see cref="Source"/> is the input object the record came from (not shown, for error targets).
/// </summary>
public sealed class AddToSequenceResult
{
    public string? RecordId { get; init; }
    public string? RecordType { get; init; }
    public string? TargetRecordId { get; init; }
    public long? ProspectId { get; init; }
    public long? SequenceId { get; init; }
    public string? SequenceName { get; init; }
    public long? MailboxId { get; init; }
    public long? UserId { get; init; }
    public ActionOutcome Outcome { get; init; }
    public ActionEdge? Edge { get; init; }
    /// <summary>The failure category name (the stable error id), or null on success.</summary>
    public string? ErrorCategory { get; init; }
    public string? Message { get; init; }
    public string? RecommendedAction { get; init; }
    public int Attempts { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public long? SequenceStateId { get; init; }
    public string? NodeName { get; init; }
    /// <summary>The audit entry's id (null under -WhatIf, where nothing is stored).</summary>
    public long? ActionId { get; init; }
    /// <summary>For a Skipped re-run (AlreadyAdded / AlreadyPending): the earlier action that kept the record from being sent.</summary>
    public long? EarlierActionId { get; init; }
    /// <summary>The HTTP status of the last call, if one was made.</summary>
    public int? StatusCode { get; init; }
    /// <summary>How the last attempt was sent: Bulk (one item of a Bulk API action) or Single (its own POST); null when nothing was sent.</summary>
    public SendPath? Via { get; init; }

    internal FailureCategory Category { get; init; }
    internal long RecordIndex { get; init; }

    /// <summary>The category as an enum (None on success).</summary>
    public FailureCategory GetCategory() => Category;

    /// <summary>The input object (PSObject, hashtable…) or null for retried actions.</summary>
    public object? GetSource() => Source;

    internal object? Source { get; init; }

    /// <summary>
    /// Set when the store failed and could not record this result (the record may have been sent: the outcome says what
    /// Outreach answered); null when the result is in the audit log.
    /// </summary>
    public LDOutreachException? GetStoreFailure() => StoreFailure;

    internal LDOutreachException? StoreFailure { get; init; }

    public override string ToString() => $"{RecordId} {Outcome}{(Edge is null ? "" : " " + Edge)}{(ErrorCategory is null ? "" : " " + ErrorCategory)}";
}
