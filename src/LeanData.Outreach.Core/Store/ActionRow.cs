using LeanData.Outreach.Errors;
using LeanData.Outreach.Outcomes;

namespace LeanData.Outreach.Store;

/// <summary>One action (Add to Sequence, or a sequenceState action) as the actions table keeps it.</summary>
public sealed record ActionRow
{
    public const string AddToSequenceActionType = "Add to Sequence";

    public long Id { get; init; }
    public string ActionType { get; init; } = AddToSequenceActionType;
    public required string NodeName { get; init; }
    public string? RecordId { get; init; }
    public string? RecordType { get; init; }
    public string? TargetRecordId { get; init; }
    public string? TargetRecordType { get; init; }
    public long? ProspectId { get; init; }
    public long? SequenceId { get; init; }
    public string? SequenceName { get; init; }
    public long? MailboxId { get; init; }
    public long? UserId { get; init; }
    public ActionOutcome Outcome { get; init; }
    public ActionEdge? Edge { get; init; }
    public FailureCategory Category { get; init; }
    public string? Message { get; init; }
    public string? FailureReason { get; init; }
    public int Attempts { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public long? SequenceStateId { get; init; }
    public int? LastStatusCode { get; init; }
    public long TotalDurationMs { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>How the last attempt was sent (null before any attempt).</summary>
    public SendPath? Via { get; init; }
}
