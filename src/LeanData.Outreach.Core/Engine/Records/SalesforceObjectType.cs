namespace LeanData.Outreach.Engine.Records;

/// <summary>The Salesforce objects the add-to-sequence engine tells apart.</summary>
public enum SalesforceObjectType
{
    Unknown = 0,
    Lead,
    Contact,
    User,
    Queue,
}
