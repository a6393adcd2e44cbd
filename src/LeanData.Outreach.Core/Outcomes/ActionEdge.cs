namespace LeanData.Outreach.Outcomes;

/// <summary>The node's edges: branches a record takes instead of being added.</summary>
/// <remarks>
/// Members start at 1: PowerShell treats an enum value of 0 as false, so with ConfigurationError = 0
/// <c>$results | Where-Object Edge</c> silently dropped the ConfigurationError edges. Stored by name, never by number.
/// </remarks>
// Based on long because PowerShell's ConvertTo-Json writes long-based enums by name (tests/Pester/Conventions.Tests.ps1).
public enum ActionEdge : long
{
    /// <summary>The Outreach authorization is invalid, or the field mapping is wrong (a mapped field holds something that is not an Outreach id).</summary>
    ConfigurationError = 1,
    /// <summary>The Lead or Contact has no Outreach id.</summary>
    MissingProspectId,
    /// <summary>The sending User has no Outreach id.</summary>
    MissingUserId,
    /// <summary>The record is queue-owned and the mailbox is the record owner's.</summary>
    QueueOwner,
}
