namespace LeanData.Outreach.Store;

/// <summary>One forward schema step. Versions are consecutive from 1; a store is at the highest version applied.</summary>
public sealed record Migration(int Version, string Description, string Sql);
