using LeanData.Outreach.Catalog;

namespace LeanData.Outreach.Engine.CatalogRefresh;

/// <summary>
/// What a refresh stored: counts per catalog (null when not refreshed), the refresh time, and the optional scopes
/// whose lists could not be read (not granted, or Outreach answered 403 unauthorizedOauthScope), so the catalog
/// was filled without them.
/// </summary>
public sealed record CatalogRefreshResult(CatalogKinds Kinds, int? Sequences, int? Users, int? Mailboxes, DateTimeOffset RefreshedAt,
    IReadOnlyList<string> UnavailableScopes);
