namespace LeanData.Outreach.Outcomes;

/// <summary>How an Add to Sequence action ended (the audit log's outcome).</summary>
// Based on long because PowerShell's ConvertTo-Json writes long-based enums by name (tests/Pester/Conventions.Tests.ps1).
public enum ActionOutcome : long
{
    Success,
    Pending,
    Error,
    Edge,
    Skipped,
}
