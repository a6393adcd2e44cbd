namespace LeanData.Outreach.Engine.Planning;

/// <summary>The node's "Mailbox for Email Delivery": who sends the sequence's emails.</summary>
// Based on long because PowerShell's ConvertTo-Json writes long-based enums by name (tests/Pester/Conventions.Tests.ps1).
public enum MailboxMode : long
{
    /// <summary>The Lead or Contact owner's Outreach user and their default mailbox.</summary>
    RecordOwner,
    /// <summary>The Salesforce User named in a User lookup field on the record.</summary>
    UserField,
    /// <summary>One given Outreach user or mailbox for every record.</summary>
    SpecificUser,
}
