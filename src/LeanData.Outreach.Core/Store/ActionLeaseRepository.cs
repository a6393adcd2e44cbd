using System.Data.SQLite;
using System.Text.Json;

namespace LeanData.Outreach.Store;

/// <summary>
/// Leases on Pending actions, so several workers (processes) on one store never send the same action
/// twice. A claim takes the store's write lock (BEGIN IMMEDIATE) and leases due actions whose lease is
/// free or expired, so two claims can never return the same action while its lease runs; a crashed
/// worker's actions are taken over once its lease expires.
/// </summary>
public sealed class ActionLeaseRepository(LDStore store)
{
    private const string Due = """
        outcome = 'Pending' AND (next_attempt_ms IS NULL OR next_attempt_ms <= @due)
        AND (lease_owner IS NULL OR lease_expires_ms IS NULL OR lease_expires_ms <= @now)
        """;

    /// <summary>
    /// Leases up to <paramref name="limit"/> due actions, earliest due first. <paramref name="dueBy"/> (default
    /// <paramref name="now"/>) bounds what counts as due, so a drain does not pick up what it just rescheduled;
    /// <see cref="DateTimeOffset.MaxValue"/> takes every Pending action whatever its next attempt time, and then
    /// <paramref name="unchangedSince"/> keeps out the actions that were written since (what this drain already did).
    /// </summary>
    public IReadOnlyList<LeasedAction> ClaimDue(string owner, DateTimeOffset now, TimeSpan leaseDuration, int limit, DateTimeOffset? dueBy = null,
        DateTimeOffset? unchangedSince = null, IReadOnlyCollection<long>? onlyIds = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var nowMs = now.ToUnixTimeMilliseconds();
        using var connection = store.OpenConnection();
        Execute(connection, "BEGIN IMMEDIATE");
        try
        {
            var claimed = new List<LeasedAction>();
            using (var select = connection.CreateCommand())
            {
                var unchanged = unchangedSince is null ? "" : " AND updated_ms < @unchanged";
                select.CommandText = $"SELECT id, attempts, next_attempt_ms, lease_owner FROM actions WHERE {Due}{unchanged}{OnlyIds(onlyIds)} ORDER BY next_attempt_ms, id LIMIT @limit";
                select.Parameters.AddWithValue("@now", nowMs);
                select.Parameters.AddWithValue("@due", dueBy == DateTimeOffset.MaxValue ? long.MaxValue : Math.Min(nowMs, (dueBy ?? now).ToUnixTimeMilliseconds()));
                if (unchangedSince is { } since) select.Parameters.AddWithValue("@unchanged", since.ToUnixTimeMilliseconds());
                select.Parameters.AddWithValue("@limit", limit);
                BindIds(select, onlyIds);
                using var r = select.ExecuteReader();
                while (r.Read())
                    claimed.Add(new LeasedAction(r.GetInt64(0), (int)r.GetInt64(1),
                        r.IsDBNull(2) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)), r.IsDBNull(3) ? null : r.GetString(3)));
            }
            if (claimed.Count > 0)
            {
                using var update = connection.CreateCommand();
                update.CommandText = $"UPDATE actions SET lease_owner = @owner, lease_expires_ms = @expires WHERE 1{OnlyIds(claimed)}";
                BindIds(update, claimed.Select(c => c.Id).ToList());
                update.Parameters.AddWithValue("@owner", owner);
                update.Parameters.AddWithValue("@expires", (now + leaseDuration).ToUnixTimeMilliseconds());
                update.ExecuteNonQuery();
            }
            Execute(connection, "COMMIT");
            return claimed;
        }
        catch
        {
            Execute(connection, "ROLLBACK");
            throw;
        }
    }

    /// <summary>Due actions without leasing them (what -WhatIf lists).</summary>
    public IReadOnlyList<long> PeekDue(DateTimeOffset now, int limit, bool includeNotDue = false, IReadOnlyCollection<long>? onlyIds = null)
    {
        using var connection = store.OpenConnection();
        using var select = connection.CreateCommand();
        select.CommandText = $"SELECT id FROM actions WHERE {Due}{OnlyIds(onlyIds)} ORDER BY next_attempt_ms, id LIMIT @limit";
        select.Parameters.AddWithValue("@now", now.ToUnixTimeMilliseconds());
        select.Parameters.AddWithValue("@due", includeNotDue ? long.MaxValue : now.ToUnixTimeMilliseconds());
        select.Parameters.AddWithValue("@limit", limit);
        BindIds(select, onlyIds);
        var ids = new List<long>();
        using var r = select.ExecuteReader();
        while (r.Read()) ids.Add(r.GetInt64(0));
        return ids;
    }

    /// <summary>
    /// Extends this owner's leases on these actions (a batch in hand keeps them); returns the ids whose lease another
    /// owner holds now (taken over after this owner's lease ran out), which this owner must leave alone.
    /// </summary>
    public IReadOnlySet<long> Renew(string owner, IReadOnlyCollection<long> ids, DateTimeOffset expires)
    {
        var others = new HashSet<long>();
        if (ids.Count == 0) return others;
        using var connection = store.OpenConnection();
        foreach (var chunk in ids.Chunk(500))
        {
            using var update = connection.CreateCommand();
            update.CommandText = $"""
                UPDATE actions SET lease_expires_ms = @expires WHERE lease_owner = @owner AND outcome = 'Pending'{OnlyIds(chunk)};
                SELECT id FROM actions WHERE lease_owner IS NOT NULL AND lease_owner <> @owner{OnlyIds(chunk)};
                """;
            update.Parameters.AddWithValue("@owner", owner);
            update.Parameters.AddWithValue("@expires", expires.ToUnixTimeMilliseconds());
            BindIds(update, chunk);
            using var r = update.ExecuteReader();
            while (r.Read()) others.Add(r.GetInt64(0));
        }
        return others;
    }

    /// <summary>Gives back this owner's leases on actions still Pending (stopped before sending them).</summary>
    public int Release(string owner, IReadOnlyCollection<long>? ids = null)
    {
        using var connection = store.OpenConnection();
        using var update = connection.CreateCommand();
        update.CommandText = $"UPDATE actions SET lease_owner = NULL, lease_expires_ms = NULL WHERE lease_owner = @owner{OnlyIds(ids)}";
        update.Parameters.AddWithValue("@owner", owner);
        BindIds(update, ids);
        return update.ExecuteNonQuery();
    }

    /// <summary>Pending actions, and the earliest next attempt among them (for the worker's summary and polling).</summary>
    public (long Pending, DateTimeOffset? NextDue) PendingSummary()
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), MIN(COALESCE(next_attempt_ms, 0)) FROM actions WHERE outcome = 'Pending'";
        using var r = command.ExecuteReader();
        r.Read();
        var count = r.GetInt64(0);
        return (count, count == 0 || r.IsDBNull(1) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)));
    }

    /// <summary>The next time an action may become claimable: its due time, or the expiry of the lease holding it.</summary>
    public DateTimeOffset? NextClaimableAt()
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MIN(MAX(COALESCE(next_attempt_ms, 0), COALESCE(lease_expires_ms, 0))) FROM actions WHERE outcome = 'Pending'";
        return command.ExecuteScalar() is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    private static void Execute(SQLiteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    // The ids travel as one JSON array parameter (@ids), whatever their number; an empty list matches nothing.
    private static string OnlyIds<T>(IReadOnlyCollection<T>? ids) => ids is null ? "" : " AND id IN (SELECT value FROM json_each(@ids))";

    private static void BindIds(SQLiteCommand command, IReadOnlyCollection<long>? ids)
    {
        if (ids is not null) command.Parameters.AddWithValue("@ids", JsonSerializer.Serialize(ids));
    }
}
