namespace LeanData.Outreach.Sandbox.Model;

/// <summary>One step of a sequence; <see cref="StepType"/> is "auto_email", "manual_email", "call" or "task".</summary>
public sealed class SandboxSequenceStep
{
    public long Id { get; set; }
    public long SequenceId { get; set; }
    public int Order { get; set; }
    public string StepType { get; set; } = "auto_email";
    public DateTimeOffset CreatedAt { get; set; } = SandboxClock.Epoch;
    public bool IsEmail => StepType is "auto_email" or "manual_email";
    public string DisplayName => StepType switch
    {
        "auto_email" => $"Step #{Order} (Auto Email)",
        "manual_email" => $"Step #{Order} (Manual Email)",
        "call" => $"Step #{Order} (Call)",
        _ => $"Step #{Order} (Task)",
    };
}
