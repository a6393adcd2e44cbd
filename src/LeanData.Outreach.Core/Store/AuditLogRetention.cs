namespace LeanData.Outreach.Store;

/// <summary>
/// Keeps the store bounded: removes audit entries (actions with their attempts and callouts) created
/// before a cut-off. Pending actions are kept unless asked for, so no work waiting for a retry is lost.
/// Deletes in chunks so other processes are never locked out for long; <see cref="Compact"/> then frees the disk space.
/// </summary>
public sealed class AuditLogRetention(LDStore store)
{
    private const int ChunkSize = 5_000;

    public long CountOlderThan(DateTimeOffset cutoff, bool includePending)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM actions WHERE created_ms < @cutoff{PendingClause(includePending)}";
        command.Parameters.AddWithValue("@cutoff", cutoff.ToUnixTimeMilliseconds());
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public long RemoveOlderThan(DateTimeOffset cutoff, bool includePending, CancellationToken cancellationToken = default)
    {
        long removed = 0;
        using var connection = store.OpenConnection();
        while (!cancellationToken.IsCancellationRequested)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                DELETE FROM actions WHERE id IN (
                    SELECT id FROM actions WHERE created_ms < @cutoff{PendingClause(includePending)} LIMIT {ChunkSize})
                """;
            command.Parameters.AddWithValue("@cutoff", cutoff.ToUnixTimeMilliseconds());
            var n = command.ExecuteNonQuery();
            removed += n;
            if (n < ChunkSize) break;
        }
        return removed;
    }

    /// <summary>
    /// Gives the pages freed by removals back to the file system (incremental auto-vacuum, then a checkpoint that
    /// truncates the write-ahead log); returns the bytes freed. Another process reading at the same time can delay the
    /// file's shrinking until its read ends; the pages are free either way.
    /// </summary>
    public long Compact()
    {
        using var connection = store.OpenConnection();
        var pageSize = Pragma(connection, "page_size");
        var free = Pragma(connection, "freelist_count");
        if (free == 0) return 0;
        using (var vacuum = connection.CreateCommand())
        {
            vacuum.CommandText = "PRAGMA incremental_vacuum";
            vacuum.ExecuteNonQuery();   // steps to the end: one step frees one page
        }
        Pragma(connection, "wal_checkpoint(TRUNCATE)");
        return (free - Pragma(connection, "freelist_count")) * pageSize;
    }

    private static long Pragma(System.Data.SQLite.SQLiteConnection connection, string pragma)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA " + pragma;
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string PendingClause(bool includePending) => includePending ? "" : " AND outcome <> 'Pending'";
}
