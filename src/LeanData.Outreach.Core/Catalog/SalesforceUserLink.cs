namespace LeanData.Outreach.Catalog;

/// <summary>
/// One imported Salesforce User: its id (the 18-character key) and the Outreach user id its mapped field holds.
/// Property names bind by name into cmdlets that take -SalesforceUserId / -OutreachUserId.
/// </summary>
public sealed record SalesforceUserLink(string SalesforceUserId, long OutreachUserId, string? Name, DateTimeOffset ImportedAt);
