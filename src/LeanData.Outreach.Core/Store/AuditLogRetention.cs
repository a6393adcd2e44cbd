namespace LeanData.Outreach.Store;

/// <summary>
/// Keeps the store bounded: removes audit entries (actions with their attempts and callouts) created
/// before a cut-off. Pending actions are kept unless asked for, so no work waiting for a retry is lost.
/// Deletes in chunks so other processes are never locked out for long.
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

    private static string PendingClause(bool includePending) => includePending ? "" : " AND outcome <> 'Pending'";
}
