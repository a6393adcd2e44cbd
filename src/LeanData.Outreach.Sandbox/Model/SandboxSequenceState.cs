namespace LeanData.Outreach.Sandbox.Model;

/// <summary>An enrollment of a prospect in a sequence.</summary>
public sealed class SandboxSequenceState
{
    public long Id { get; set; }
    public long ProspectId { get; set; }
    public long SequenceId { get; set; }
    public long? MailboxId { get; set; }
    public long? UserId { get; set; }
    /// <summary>active, paused, finished, pending, failed, bounced, disabled or opted_out.</summary>
    public string State { get; set; } = "active";
    public string? PauseReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset StateChangedAt { get; set; }
    public DateTimeOffset? ActiveAt { get; set; }

    /// <summary>Outreach counts every state but finished and opted_out as active (prospect.activeSequenceStates).</summary>
    public bool IsActive => State is not ("finished" or "opted_out");
}
