namespace LeanData.Outreach.Store;

/// <summary>
/// One forward schema step. Versions are consecutive from 1; a store is at the highest version applied.
/// A step that SQLite refuses inside a transaction (VACUUM) sets <paramref name="OutsideTransaction"/>: its SQL must be
/// idempotent, because a process that dies after running it and before recording the version runs it again.
/// </summary>
public sealed record Migration(int Version, string Description, string Sql, bool OutsideTransaction = false);
