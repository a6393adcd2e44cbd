using LeanData.Outreach.Catalog;

namespace LeanData.Outreach.Engine.CatalogRefresh;

/// <summary>What a refresh stored: counts per catalog (null when not refreshed) and the refresh time.</summary>
public sealed record CatalogRefreshResult(CatalogKinds Kinds, int? Sequences, int? Users, int? Mailboxes, DateTimeOffset RefreshedAt);
