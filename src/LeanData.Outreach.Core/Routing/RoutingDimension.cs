namespace LeanData.Outreach.Routing;

/// <summary>What routing insights group Add to Sequence actions by.</summary>
// Based on long because PowerShell's ConvertTo-Json writes long-based enums by name (tests/Pester/Conventions.Tests.ps1).
public enum RoutingDimension : long
{
    Node,
    Sequence,
    User,
    Mailbox,
    Outcome,
    ErrorCategory,
    Edge,
    Day,
}
