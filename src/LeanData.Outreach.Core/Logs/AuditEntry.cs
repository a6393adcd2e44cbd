namespace LeanData.Outreach.Logs;

/// <summary>
/// One audit entry: a record through an Add to Sequence node, with its outcome, edge and the trail of
/// attempts. Every property but <see cref="Attempts"/> is a scalar, so Export-Csv and ConvertTo-Json
/// give clean output; the trail is also summarised in <see cref="AttemptCount"/>, <see cref="LastAttemptAt"/>
/// and <see cref="LastHttpStatus"/>.
/// </summary>
public sealed class AuditEntry
{
    public long ActionId { get; init; }
    public DateTimeOffset Time { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public string ActionType { get; init; } = "Add to Sequence";
    public string NodeName { get; init; } = "";
    public string? RecordId { get; init; }
    public string? RecordType { get; init; }
    public string? TargetRecordId { get; init; }
    public string? TargetRecordType { get; init; }
    public long? ProspectId { get; init; }
    public long? SequenceId { get; init; }
    public string? SequenceName { get; init; }
    public long? MailboxId { get; init; }
    public long? UserId { get; init; }

    /// <summary>Success, Pending, Error, Edge or Skipped.</summary>
    public string Outcome { get; init; } = "";

    /// <summary>The audit log's wording: "Success (Outreach)", "Pending (Outreach)", "Error (Outreach)", "Error (Fallback: QueueOwner)", "Skipped".</summary>
    public string OutcomeDisplay { get; init; } = "";

    /// <summary>The edge taken (ConfigurationError, MissingProspectId, MissingUserId, QueueOwner), if any.</summary>
    public string? Edge { get; init; }
    public string? ErrorCategory { get; init; }
    public string? Message { get; init; }
    public string? RecommendedAction { get; init; }
    public string? FailureReason { get; init; }
    public int AttemptCount { get; init; }
    public DateTimeOffset? LastAttemptAt { get; init; }
    public int? LastHttpStatus { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public long? SequenceStateId { get; init; }
    public long TotalDurationMs { get; init; }
    public LogList<AuditAttempt> Attempts { get; init; } = LogList<AuditAttempt>.Empty;
    /// <summary>How the last attempt was sent: Bulk (in a Bulk API action) or Single; null when nothing was sent.</summary>
    public string? Via { get; init; }

    public override string ToString() => $"{ActionId} {RecordId} {OutcomeDisplay}";
}
