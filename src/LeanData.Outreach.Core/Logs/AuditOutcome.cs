namespace LeanData.Outreach.Logs;

/// <summary>The audit log's outcome filter. <see cref="Fallback"/> is the roadmap's "Error (Fallback)" view: Outreach errors and edges.</summary>
// Based on long because PowerShell's ConvertTo-Json writes long-based enums by name (tests/Pester/Conventions.Tests.ps1).
public enum AuditOutcome : long
{
    Success,
    Pending,
    Error,
    Edge,
    Skipped,
    Fallback,
}
