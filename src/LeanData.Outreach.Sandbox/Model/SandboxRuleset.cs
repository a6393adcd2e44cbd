namespace LeanData.Outreach.Sandbox.Model;

/// <summary>An Outreach ruleset: the safety settings applied when a prospect is added to a sequence.</summary>
public sealed class SandboxRuleset
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>"allow", "disallow" (default) or "only_if_inactive".</summary>
    public string PermitDuplicateProspects { get; set; } = "disallow";
    /// <summary>"all_sequences", "exclusive_sequences" or "none" (default).</summary>
    public string SequenceExclusivity { get; set; } = "none";
    /// <summary>Sandbox values (Outreach's own codes are not public): "deny" blocks opted-out prospects from email sequences, "allw" admits them.</summary>
    public string EmailOptOutAction { get; set; } = "deny";
    public DateTimeOffset CreatedAt { get; set; } = SandboxClock.Epoch;
}
