namespace LeanData.Outreach.Sandbox.Model;

/// <summary>An Outreach mailbox belonging to one user.</summary>
public sealed class SandboxMailbox
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public string Email { get; set; } = "";
    public bool SendDisabled { get; set; }
    public bool SyncDisabled { get; set; }
    /// <summary>Sending fails with invalid credentials; shown to clients as a non-null <c>sendErroredAt</c>.</summary>
    public bool InvalidSendCredentials { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = SandboxClock.Epoch;
}
