using LeanData.Outreach.Errors;

namespace LeanData.Outreach.SequenceStates;

/// <summary>
/// What happened to one sequenceState. <see cref="Outcome"/> is Success or Error; on Error,
/// <see cref="ErrorCategory"/> (the catalog's stable id), Outreach's <see cref="Message"/> and the
/// <see cref="RecommendedAction"/> say why and what to do. <see cref="ActionId"/> is the audit log row (null with no store).
/// </summary>
public sealed record SequenceStateActionResult
{
    public required long SequenceStateId { get; init; }
    public required SequenceStateAction Action { get; init; }
    public required string ActionType { get; init; }
    public required string NodeName { get; init; }
    public required string Outcome { get; init; }
    public string? State { get; init; }
    public long? ProspectId { get; init; }
    public long? SequenceId { get; init; }
    public long? MailboxId { get; init; }
    public FailureCategory? ErrorCategory { get; init; }
    public string? ErrorId { get; init; }
    public string? Message { get; init; }
    public string? RecommendedAction { get; init; }
    public string? FailureReason { get; init; }
    public int StatusCode { get; init; }
    public long DurationMs { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public long? ActionId { get; init; }

    public bool IsSuccess => Outcome == SuccessOutcome;

    public const string SuccessOutcome = "Success";
    public const string ErrorOutcome = "Error";
}
