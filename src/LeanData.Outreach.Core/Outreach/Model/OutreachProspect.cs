namespace LeanData.Outreach.Outreach.Model;

/// <summary>The prospect attributes the engine needs.</summary>
public sealed record OutreachProspect(long Id, string? Name, IReadOnlyList<string> Emails, bool OptedOut, bool EmailOptedOut, long? OwnerUserId);
