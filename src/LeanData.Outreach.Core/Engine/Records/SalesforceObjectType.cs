namespace LeanData.Outreach.Engine.Records;

/// <summary>The Salesforce objects the add-to-sequence engine tells apart.</summary>
// Based on long because PowerShell's ConvertTo-Json writes long-based enums by name (tests/Pester/Conventions.Tests.ps1).
public enum SalesforceObjectType : long
{
    Unknown = 0,
    Lead,
    Contact,
    User,
    Queue,
}
