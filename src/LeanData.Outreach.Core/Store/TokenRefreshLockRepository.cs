using System.Data.SQLite;

namespace LeanData.Outreach.Store;

/// <summary>
/// The store's one token-refresh lock, a single row: every process on the store refreshes the shared token set
/// under it, so a rotated refresh token is spent once. Taking it is a short write transaction (BEGIN IMMEDIATE),
/// never held across the token request. A dead holder blocks nobody for long: on its own host a holder whose
/// process is gone loses the lock at once; anywhere else the lock lapses at its expiry.
/// </summary>
public sealed class TokenRefreshLockRepository(LDStore store)
{
    internal const string MigrationDescription = "token refresh lock (processes on one store refresh the token set one at a time)";

    internal const string MigrationSql = """
        CREATE TABLE token_refresh_lock (
            id                 INTEGER PRIMARY KEY CHECK (id = 1),
            owner              TEXT NOT NULL,
            host               TEXT NOT NULL,
            pid                INTEGER NOT NULL,
            process_started_ms INTEGER NOT NULL,
            acquired_ms        INTEGER NOT NULL,
            expires_ms         INTEGER NOT NULL
        );
        """;

    /// <summary>
    /// Takes the lock for <paramref name="holder"/> unless a live holder has it and it has not lapsed at
    /// <paramref name="now"/>. Returns null when taken, else the holder in the way.
    /// </summary>
    public TokenRefreshLockHolder? TryAcquire(TokenRefreshLockHolder holder, DateTimeOffset now)
    {
        using var connection = store.OpenConnection();
        Execute(connection, "BEGIN IMMEDIATE");
        try
        {
            var existing = Read(connection);
            if (existing is not null && existing.Owner != holder.Owner && existing.ExpiresAt > now && !existing.ProcessIsGone())
            {
                Execute(connection, "COMMIT");
                return existing;
            }
            using (var write = connection.CreateCommand())
            {
                write.CommandText = """
                    INSERT INTO token_refresh_lock(id, owner, host, pid, process_started_ms, acquired_ms, expires_ms)
                    VALUES(1, @owner, @host, @pid, @started, @acquired, @expires)
                    ON CONFLICT(id) DO UPDATE SET owner = excluded.owner, host = excluded.host, pid = excluded.pid,
                        process_started_ms = excluded.process_started_ms, acquired_ms = excluded.acquired_ms, expires_ms = excluded.expires_ms
                    """;
                write.Parameters.AddWithValue("@owner", holder.Owner);
                write.Parameters.AddWithValue("@host", holder.Host);
                write.Parameters.AddWithValue("@pid", holder.ProcessId);
                write.Parameters.AddWithValue("@started", holder.ProcessStartedAt.ToUnixTimeMilliseconds());
                write.Parameters.AddWithValue("@acquired", holder.AcquiredAt.ToUnixTimeMilliseconds());
                write.Parameters.AddWithValue("@expires", holder.ExpiresAt.ToUnixTimeMilliseconds());
                write.ExecuteNonQuery();
            }
            Execute(connection, "COMMIT");
            return null;
        }
        catch
        {
            Execute(connection, "ROLLBACK");
            throw;
        }
    }

    /// <summary>Gives the lock back if <paramref name="owner"/> still holds it; true when it did.</summary>
    public bool Release(string owner)
    {
        using var connection = store.OpenConnection();
        using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM token_refresh_lock WHERE owner = @owner";
        delete.Parameters.AddWithValue("@owner", owner);
        return delete.ExecuteNonQuery() > 0;
    }

    private static TokenRefreshLockHolder? Read(SQLiteConnection connection)
    {
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT owner, host, pid, process_started_ms, acquired_ms, expires_ms FROM token_refresh_lock WHERE id = 1";
        using var r = select.ExecuteReader();
        if (!r.Read()) return null;
        return new TokenRefreshLockHolder(r.GetString(0), r.GetString(1), (int)r.GetInt64(2), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)),
            DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)));
    }

    private static void Execute(SQLiteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
