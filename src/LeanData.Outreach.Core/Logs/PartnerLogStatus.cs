namespace LeanData.Outreach.Logs;

/// <summary>The partner log's status filter: the callout succeeded (200), failed, or is still pending.</summary>
// Based on long because PowerShell's ConvertTo-Json writes long-based enums by name (tests/Pester/Conventions.Tests.ps1).
public enum PartnerLogStatus : long
{
    Succeeded,
    Failed,
    Pending,
}
