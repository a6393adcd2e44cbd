namespace LeanData.Outreach.Sandbox.Model;

/// <summary>An Outreach user. <see cref="CanSequence"/> stands for the profile permission to add prospects to sequences.</summary>
public sealed class SandboxUser
{
    public long Id { get; set; }
    public string Email { get; set; } = "";
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";
    public bool Locked { get; set; }
    /// <summary>False when the user's profile lacks the sequencing permission (403 unauthorizedRequest on POST /sequenceStates).</summary>
    public bool CanSequence { get; set; } = true;
    public long? DefaultMailboxId { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = SandboxClock.Epoch;
    public string Name => (FirstName + " " + LastName).Trim();
    public string Username => Email.Split('@')[0];
}
