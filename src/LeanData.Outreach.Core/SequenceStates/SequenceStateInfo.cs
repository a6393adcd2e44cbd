namespace LeanData.Outreach.SequenceStates;

/// <summary>
/// A prospect's enrollment in a sequence, as Get-LDSequenceState returns it. <see cref="SequenceStateId"/>
/// repeats <see cref="Id"/> so the object binds by property name to any -SequenceStateId parameter.
/// </summary>
public sealed record SequenceStateInfo(
    long Id,
    long? ProspectId,
    long? SequenceId,
    long? MailboxId,
    long? UserId,
    string? State,
    string? PauseReason,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt)
{
    public long SequenceStateId => Id;
}
