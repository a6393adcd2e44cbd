using System.Data.SQLite;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outcomes;

namespace LeanData.Outreach.Store;

/// <summary>
/// Write side of the actions, attempts and callouts tables (plus rate_limit_status). Every method is one
/// transaction for a whole batch. Actions about to be sent are first stored Pending under a lease, so a
/// crash leaves them for the retry worker once the lease expires, never lost.
/// </summary>
public sealed class ActionRepository(LDStore store)
{
    private const string Columns = """
        id, node_name, record_id, record_type, target_record_id, target_record_type, prospect_id, sequence_id,
        sequence_name, mailbox_id, user_id, outcome, edge, error_category, message, failure_reason, attempts,
        next_attempt_ms, sequence_state_id, last_status_code, total_duration_ms, created_ms, action_type, via
        """;

    public LDStore Store => store;

    /// <summary>Inserts the actions and returns them with their ids, in the same order. Pending rows are leased to <paramref name="leaseOwner"/> until <paramref name="leaseExpires"/>.</summary>
    /// <remarks>A store that fails (damaged, full, read-only) is a <see cref="StoreException"/>; nothing of the batch is stored then.</remarks>
    public IReadOnlyList<ActionRow> Insert(IReadOnlyList<ActionRow> actions, string? leaseOwner = null, DateTimeOffset? leaseExpires = null)
    {
        try
        {
            return InsertRows(actions, leaseOwner, leaseExpires);
        }
        catch (Exception ex) when (StoreFailures.IsStoreFailure(ex))
        {
            throw StoreFailures.From(ex, store.Path);
        }
    }

    private IReadOnlyList<ActionRow> InsertRows(IReadOnlyList<ActionRow> actions, string? leaseOwner, DateTimeOffset? leaseExpires)
    {
        if (actions.Count == 0) return actions;
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        var result = new ActionInserter(connection, transaction).Insert(actions, leaseOwner, leaseExpires);
        transaction.Commit();
        return result;
    }

    /// <summary>
    /// Inserts actions that are already finished (never Pending, so never leased), with their attempts and callouts,
    /// in one transaction; returns the rows with their ids, in the same order.
    /// </summary>
    public IReadOnlyList<ActionRow> InsertFinished(IReadOnlyList<ActionCompletion> finished)
    {
        if (finished.Count == 0) return [];
        if (finished.Any(f => f.Action.Outcome == ActionOutcome.Pending))
            throw new ArgumentException("A finished action cannot be Pending.", nameof(finished));
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        var rows = new ActionInserter(connection, transaction).Insert(finished.Select(f => f.Action).ToList(), null, null);
        using var history = new HistoryWriter(connection, transaction);
        for (var i = 0; i < rows.Count; i++) history.Write(rows[i].Id, finished[i].Attempts, finished[i].Callouts);
        transaction.Commit();
        return rows;
    }

    /// <summary>Writes the new state of each action, its attempts and its callouts, and releases the lease; one transaction.</summary>
    /// <remarks>A store that fails is a <see cref="StoreException"/>; the transaction is rolled back, so the actions keep their stored (Pending, leased) state.</remarks>
    public void Complete(IReadOnlyList<ActionCompletion> completions, IReadOnlyList<RateLimitObservation>? rateLimits = null, long rateLimitUserId = 0)
    {
        try
        {
            CompleteRows(completions, rateLimits, rateLimitUserId);
        }
        catch (Exception ex) when (StoreFailures.IsStoreFailure(ex))
        {
            throw StoreFailures.From(ex, store.Path);
        }
    }

    private void CompleteRows(IReadOnlyList<ActionCompletion> completions, IReadOnlyList<RateLimitObservation>? rateLimits, long rateLimitUserId)
    {
        if (completions.Count == 0 && (rateLimits is null || rateLimits.Count == 0)) return;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = """
            UPDATE actions SET prospect_id = @prospect, mailbox_id = @mailbox, user_id = @user, outcome = @outcome, edge = @edge,
                error_category = @category, message = @message, failure_reason = @reason, attempts = @attempts,
                next_attempt_ms = @next, sequence_state_id = @state, last_status_code = @status,
                total_duration_ms = @duration, updated_ms = @now, lease_owner = NULL, lease_expires_ms = NULL, via = @via
            WHERE id = @id
            """;
        var u = Parameters(update, "@prospect", "@mailbox", "@user", "@outcome", "@edge", "@category", "@message", "@reason", "@attempts",
            "@next", "@state", "@status", "@duration", "@now", "@id", "@via");
        using var history = new HistoryWriter(connection, transaction);

        foreach (var (a, attempts, callouts) in completions)
        {
            Set(u, a.ProspectId, a.MailboxId, a.UserId, a.Outcome.ToString(), a.Edge?.ToString(), CategoryText(a.Category), a.Message,
                a.FailureReason, a.Attempts, a.NextAttemptAt?.ToUnixTimeMilliseconds(), a.SequenceStateId, a.LastStatusCode,
                a.TotalDurationMs, now, a.Id, a.Via?.ToString());
            update.ExecuteNonQuery();
            history.Write(a.Id, attempts, callouts);
        }
        if (rateLimits is { Count: > 0 } && rateLimits.MaxBy(r => r.ObservedAt) is { HasServerLimits: true } latest)
        {
            using var rate = connection.CreateCommand();
            rate.Transaction = transaction;
            rate.CommandText = """
                INSERT INTO rate_limit_status(outreach_user_id, server_limit, server_remaining, server_reset_ms, observed_ms)
                VALUES(@user, @limit, @remaining, @reset, @observed)
                ON CONFLICT(outreach_user_id) DO UPDATE SET server_limit = excluded.server_limit, server_remaining = excluded.server_remaining,
                    server_reset_ms = excluded.server_reset_ms, observed_ms = excluded.observed_ms
                WHERE excluded.observed_ms >= rate_limit_status.observed_ms
                """;
            Set(Parameters(rate, "@user", "@limit", "@remaining", "@reset", "@observed"), rateLimitUserId, latest.Limit, latest.StatusCode == 429 ? 0 : latest.Remaining,
                latest.QuotaResetAt?.ToUnixTimeMilliseconds(), latest.ObservedAt.ToUnixTimeMilliseconds());
            rate.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    /// <summary>The stored actions with these ids (any outcome), in the order asked; unknown ids are left out.</summary>
    public IReadOnlyList<ActionRow> Get(IReadOnlyList<long> ids)
    {
        if (ids.Count == 0) return [];
        var found = new Dictionary<long, ActionRow>();
        using var connection = store.OpenConnection();
        foreach (var chunk in ids.Chunk(500))
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM actions WHERE id IN ({string.Join(',', chunk.Select((_, i) => "@p" + i))})";
            for (var i = 0; i < chunk.Length; i++) command.Parameters.AddWithValue("@p" + i, chunk[i]);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var row = Read(reader);
                found[row.Id] = row;
            }
        }
        return ids.Where(found.ContainsKey).Select(id => found[id]).ToList();
    }

    /// <summary>The last server rate-limit observation stored for a user, if any.</summary>
    public (int? Limit, int? Remaining, DateTimeOffset? ResetAt, DateTimeOffset ObservedAt)? GetRateLimitStatus(long outreachUserId)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT server_limit, server_remaining, server_reset_ms, observed_ms FROM rate_limit_status WHERE outreach_user_id = @user";
        command.Parameters.AddWithValue("@user", outreachUserId);
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return null;
        return (reader.IsDBNull(0) ? null : reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetInt32(1),
            reader.IsDBNull(2) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)));
    }

    /// <summary>The one INSERT into actions, prepared once per transaction.</summary>
    private sealed class ActionInserter(SQLiteConnection connection, SQLiteTransaction transaction)
    {
        public IReadOnlyList<ActionRow> Insert(IReadOnlyList<ActionRow> actions, string? leaseOwner, DateTimeOffset? leaseExpires)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var result = new ActionRow[actions.Count];
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO actions(action_type, node_name, record_id, record_type, target_record_id, target_record_type, prospect_id, sequence_id,
                    sequence_name, mailbox_id, user_id, outcome, edge, error_category, message, failure_reason, attempts, next_attempt_ms,
                    sequence_state_id, last_status_code, total_duration_ms, created_ms, updated_ms, lease_owner, lease_expires_ms)
                VALUES(@type, @node, @record, @recordType, @target, @targetType, @prospect, @sequence, @sequenceName, @mailbox, @user, @outcome,
                    @edge, @category, @message, @reason, @attempts, @next, @state, @status, @duration, @created, @now, @lease, @leaseExpires);
                SELECT last_insert_rowid();
                """;
            var p = Parameters(command, "@type", "@node", "@record", "@recordType", "@target", "@targetType", "@prospect", "@sequence", "@sequenceName",
                "@mailbox", "@user", "@outcome", "@edge", "@category", "@message", "@reason", "@attempts", "@next", "@state", "@status",
                "@duration", "@created", "@now", "@lease", "@leaseExpires");
            for (var i = 0; i < actions.Count; i++)
            {
                var a = actions[i];
                var created = a.CreatedAt == default ? now : a.CreatedAt.ToUnixTimeMilliseconds();
                Set(p, a.ActionType, a.NodeName, a.RecordId, a.RecordType, a.TargetRecordId, a.TargetRecordType, a.ProspectId, a.SequenceId, a.SequenceName,
                    a.MailboxId, a.UserId, a.Outcome.ToString(), a.Edge?.ToString(), CategoryText(a.Category), a.Message, a.FailureReason,
                    a.Attempts, a.NextAttemptAt?.ToUnixTimeMilliseconds(), a.SequenceStateId, a.LastStatusCode, a.TotalDurationMs, created, now,
                    a.Outcome == ActionOutcome.Pending ? leaseOwner : null,
                    a.Outcome == ActionOutcome.Pending ? leaseExpires?.ToUnixTimeMilliseconds() : null);
                var id = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
                result[i] = a with { Id = id, CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(created) };
            }
            return result;
        }
    }

    /// <summary>The INSERTs into attempts and callouts, prepared once per transaction.</summary>
    private sealed class HistoryWriter : IDisposable
    {
        private readonly SQLiteCommand _attempt;
        private readonly SQLiteCommand _callout;
        private readonly SQLiteParameter[] _at;
        private readonly SQLiteParameter[] _co;

        public HistoryWriter(SQLiteConnection connection, SQLiteTransaction transaction)
        {
            _attempt = connection.CreateCommand();
            _attempt.Transaction = transaction;
            _attempt.CommandText = """
                INSERT INTO attempts(action_id, attempt_number, started_ms, http_status, error_category, message, duration_ms, via)
                VALUES(@action, @number, @started, @status, @category, @message, @duration, @via)
                """;
            _at = Parameters(_attempt, "@action", "@number", "@started", "@status", "@category", "@message", "@duration", "@via");
            _callout = connection.CreateCommand();
            _callout.Transaction = transaction;
            _callout.CommandText = """
                INSERT INTO callouts(action_id, started_ms, method, path, status_code, duration_ms, response, failure_reason)
                VALUES(@action, @started, @method, @path, @status, @duration, @response, @reason)
                """;
            _co = Parameters(_callout, "@action", "@started", "@method", "@path", "@status", "@duration", "@response", "@reason");
        }

        public void Write(long actionId, IReadOnlyList<AttemptRow> attempts, IReadOnlyList<CalloutRecord> callouts)
        {
            foreach (var t in attempts)
            {
                Set(_at, actionId, t.AttemptNumber, t.StartedAt.ToUnixTimeMilliseconds(), t.HttpStatus, CategoryText(t.Category), t.Message, t.DurationMs, t.Via.ToString());
                _attempt.ExecuteNonQuery();
            }
            foreach (var c in callouts)
            {
                Set(_co, actionId, c.Started.ToUnixTimeMilliseconds(), c.Method, c.Path, c.StatusCode, c.DurationMs, c.Summary, c.FailureReason);
                _callout.ExecuteNonQuery();
            }
        }

        public void Dispose()
        {
            _attempt.Dispose();
            _callout.Dispose();
        }
    }

    private static ActionRow Read(SQLiteDataReader r) => new()
    {
        Id = r.GetInt64(0),
        NodeName = r.GetString(1),
        RecordId = SqlRead.Text(r, 2),
        RecordType = SqlRead.Text(r, 3),
        TargetRecordId = SqlRead.Text(r, 4),
        TargetRecordType = SqlRead.Text(r, 5),
        ProspectId = SqlRead.Long(r, 6),
        SequenceId = SqlRead.Long(r, 7),
        SequenceName = SqlRead.Text(r, 8),
        MailboxId = SqlRead.Long(r, 9),
        UserId = SqlRead.Long(r, 10),
        Outcome = Enum.Parse<ActionOutcome>(r.GetString(11)),
        Edge = SqlRead.Text(r, 12) is { } edge ? Enum.Parse<ActionEdge>(edge) : null,
        Category = SqlRead.Text(r, 13) is { } category && Enum.TryParse<FailureCategory>(category, out var c) ? c : FailureCategory.None,
        Message = SqlRead.Text(r, 14),
        FailureReason = SqlRead.Text(r, 15),
        Attempts = r.GetInt32(16),
        NextAttemptAt = SqlRead.Long(r, 17) is { } next ? DateTimeOffset.FromUnixTimeMilliseconds(next) : null,
        SequenceStateId = SqlRead.Long(r, 18),
        LastStatusCode = SqlRead.Long(r, 19) is { } status ? (int)status : null,
        TotalDurationMs = r.GetInt64(20),
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(21)),
        ActionType = r.GetString(22),
        Via = SqlRead.Text(r, 23) is { } via && Enum.TryParse<SendPath>(via, out var v) ? v : null,
    };

    private static string? CategoryText(FailureCategory category) => category == FailureCategory.None ? null : category.ToString();

    private static SQLiteParameter[] Parameters(SQLiteCommand command, params string[] names)
    {
        var parameters = names.Select(n => new SQLiteParameter(n)).ToArray();
        command.Parameters.AddRange(parameters);
        return parameters;
    }

    private static void Set(SQLiteParameter[] parameters, params object?[] values)
    {
        for (var i = 0; i < parameters.Length; i++) parameters[i].Value = values[i] ?? DBNull.Value;
    }
}
