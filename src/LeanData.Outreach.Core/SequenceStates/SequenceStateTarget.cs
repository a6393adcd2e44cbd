namespace LeanData.Outreach.SequenceStates;

/// <summary>A sequenceState to act on, with what the caller already knows about it (used in results and logs when Outreach answers with an error).</summary>
public sealed record SequenceStateTarget(long Id, long? ProspectId = null, long? SequenceId = null, long? MailboxId = null);
