namespace LeanData.Outreach.Sandbox.Model;

/// <summary>An Outreach sequence.</summary>
public sealed class SandboxSequence
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>"private", "read_only" or "shared".</summary>
    public string ShareType { get; set; } = "shared";
    public bool Enabled { get; set; } = true;
    public bool Locked { get; set; }
    public long OwnerId { get; set; }
    public long RulesetId { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = SandboxClock.Epoch;
}
