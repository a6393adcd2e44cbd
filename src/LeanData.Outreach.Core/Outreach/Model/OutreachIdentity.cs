namespace LeanData.Outreach.Outreach.Model;

/// <summary>What <c>GET /api/v2</c> says about the token: the authorized user and org, where present.</summary>
public sealed record OutreachIdentity(long? UserId, string? UserEmail, string? UserName, string? OrgName, string? OrgGuid, IReadOnlyList<string> Scopes);
