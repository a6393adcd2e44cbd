namespace LeanData.Outreach.Outreach.Model;

/// <summary>A sequence step; <see cref="IsEmail"/> for auto_email and manual_email steps.</summary>
public sealed record OutreachSequenceStep(long Id, long? SequenceId, string? StepType, int? Order)
{
    public bool IsEmail => StepType is not null && StepType.Contains("email", StringComparison.OrdinalIgnoreCase);
}
