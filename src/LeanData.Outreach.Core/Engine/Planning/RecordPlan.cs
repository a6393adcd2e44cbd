using LeanData.Outreach.Engine.Records;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outcomes;

namespace LeanData.Outreach.Engine.Planning;

/// <summary>
/// The planner's decision for one record. <see cref="IsReady"/> plans are complete (prospect, sequence,
/// mailbox, user) and may be sent; the others already carry their final outcome and are never sent.
/// </summary>
public sealed record RecordPlan
{
    public required SalesforceRecord Record { get; init; }
    public string? RecordId { get; init; }
    public string? RecordType { get; init; }
    /// <summary>The record acted on: the record itself, or the Contact of a converted Lead.</summary>
    public string? TargetRecordId { get; init; }
    public string? TargetRecordType { get; init; }
    public long? ProspectId { get; init; }
    /// <summary>The target sequence; null while a user-mapped plan has no sender yet (edges, invalid records).</summary>
    public long? SequenceId { get; init; }
    public string? SequenceName { get; init; }
    public long? MailboxId { get; init; }
    public long? UserId { get; init; }
    public string NodeName { get; init; } = PlanOptions.DefaultNodeName;

    /// <summary>Null for a ready plan; otherwise the outcome decided without calling Outreach.</summary>
    public ActionOutcome? Outcome { get; init; }
    public ActionEdge? Edge { get; init; }
    public FailureCategory Category { get; init; }
    public string? Message { get; init; }

    public bool IsReady => Outcome is null;
}
