namespace LeanData.Outreach.Engine.CatalogRefresh;

/// <summary>How far a refresh has got: the Outreach list being read and how many items it has returned so far.</summary>
public sealed record CatalogRefreshProgress(string List, int ItemsRead);
