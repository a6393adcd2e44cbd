namespace LeanData.Outreach.Outreach.Model;

/// <summary>An enrollment: a prospect's state in a sequence.</summary>
public sealed record OutreachSequenceState(long Id, string? State, long? ProspectId, long? SequenceId, long? MailboxId, long? CreatorUserId, DateTimeOffset? CreatedAt)
{
    /// <summary>Not finished and not opted out ("active" in Outreach's sense, including pending/paused/failed/bounced/disabled).</summary>
    public bool IsActive => State is not null && !string.Equals(State, "finished", StringComparison.OrdinalIgnoreCase)
        && !string.Equals(State, "opted_out", StringComparison.OrdinalIgnoreCase);
}
