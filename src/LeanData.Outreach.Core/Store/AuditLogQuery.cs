using System.Data.SQLite;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Logs;

namespace LeanData.Outreach.Store;

/// <summary>
/// Reads audit entries (actions with their attempts) with every filter in SQL. The result streams: each
/// entry is yielded as soon as its row is read, so a consumer sees the first entry before the query ends.
/// </summary>
public sealed class AuditLogQuery(LDStore store)
{
    private const string Columns = """
        a.id, a.created_ms, a.updated_ms, a.action_type, a.node_name, a.record_id, a.record_type, a.target_record_id,
        a.target_record_type, a.prospect_id, a.sequence_id, a.sequence_name, a.mailbox_id, a.user_id, a.outcome, a.edge,
        a.error_category, a.message, a.failure_reason, a.attempts, a.next_attempt_ms, a.sequence_state_id,
        a.last_status_code, a.total_duration_ms,
        (SELECT json_group_array(json_array(t.attempt_number, t.started_ms, t.http_status, t.error_category, t.message, t.duration_ms, t.via))
           FROM (SELECT * FROM attempts WHERE action_id = a.id ORDER BY attempt_number, id) t),
        a.via
        """;

    public IEnumerable<AuditEntry> Read(AuditLogFilter filter, CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = BuildSql(command, filter);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return ReadEntry(reader);
        }
    }

    /// <summary>How many entries the filter matches (ignores First).</summary>
    public long Count(AuditLogFilter filter)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        var where = new SqlFilterBuilder(command);
        Apply(where, filter);
        command.CommandText = $"SELECT COUNT(*) FROM actions a {where.Where}";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>The node names the log holds, for completion: distinct, case-insensitively sorted, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<string> ReadNodeNames(int limit = 500)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT node_name FROM actions WHERE node_name <> '' ORDER BY node_name COLLATE NOCASE LIMIT @limit";
        command.Parameters.AddWithValue("@limit", limit);
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    internal static string BuildSql(SQLiteCommand command, AuditLogFilter filter)
    {
        var where = new SqlFilterBuilder(command);
        Apply(where, filter);
        var direction = filter.Descending ? "DESC" : "ASC";
        var limit = filter.First is { } first ? $" LIMIT {where.Parameter(first)}" : "";
        return $"SELECT {Columns} FROM actions a {where.Where} ORDER BY a.created_ms {direction}, a.id {direction}{limit}";
    }

    private static void Apply(SqlFilterBuilder where, AuditLogFilter filter)
    {
        where.In("a.outcome", filter.Outcomes.SelectMany(OutcomeDisplay.StoredValues).Distinct().ToList());
        where.Text(filter.NodeNames, "a.node_name");
        where.Text(filter.RecordIds, ignoreCase: false, "a.record_id", "a.target_record_id");
        where.Text(filter.ErrorCategories, "a.error_category");
        where.Text(filter.Edges, "a.edge");
        where.In("a.id", filter.ActionIds);
        if (filter.Sequences.Count > 0)
        {
            var ids = filter.Sequences.Select(s => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (long?)null)
                .OfType<long>().ToList();
            var names = filter.Sequences.Where(s => !long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out _)).ToList();
            var parts = new List<string>();
            if (ids.Count > 0) parts.Add($"a.sequence_id IN {where.List(ids)}");
            if (where.TextCondition(names, ignoreCase: true, "a.sequence_name") is { } byName) parts.Add(byName);
            where.Add("(" + string.Join(" OR ", parts) + ")");
        }
        if (filter.Since is { } since) where.Add($"a.created_ms >= {where.Parameter(SqlRead.Ms(since))}");
        if (filter.Until is { } until) where.Add($"a.created_ms < {where.Parameter(SqlRead.Ms(until))}");
    }

    private static AuditEntry ReadEntry(SQLiteDataReader r)
    {
        var outcome = r.GetString(14);
        var edge = SqlRead.Text(r, 15);
        var category = SqlRead.Text(r, 16);
        var next = SqlRead.Time(r, 20);
        var attempts = ReadAttempts(SqlRead.Text(r, 24));
        var last = attempts.Count > 0 ? attempts[^1] : null;
        return new AuditEntry
        {
            ActionId = r.GetInt64(0),
            Time = SqlRead.Time(r.GetInt64(1)),
            UpdatedAt = SqlRead.Time(r.GetInt64(2)),
            ActionType = r.GetString(3),
            NodeName = r.GetString(4),
            RecordId = SqlRead.Text(r, 5),
            RecordType = SqlRead.Text(r, 6),
            TargetRecordId = SqlRead.Text(r, 7),
            TargetRecordType = SqlRead.Text(r, 8),
            ProspectId = SqlRead.Long(r, 9),
            SequenceId = SqlRead.Long(r, 10),
            SequenceName = SqlRead.Text(r, 11),
            MailboxId = SqlRead.Long(r, 12),
            UserId = SqlRead.Long(r, 13),
            Outcome = outcome,
            OutcomeDisplay = OutcomeDisplay.For(outcome, edge),
            Edge = edge,
            ErrorCategory = category,
            Message = SecretRedactor.Redact(SqlRead.Text(r, 17)),
            RecommendedAction = RemedyFor(category ?? edge, outcome, next),
            FailureReason = SqlRead.Text(r, 18),
            AttemptCount = (int)r.GetInt64(19),
            NextAttemptAt = outcome == "Pending" ? next : null,
            SequenceStateId = SqlRead.Long(r, 21),
            LastHttpStatus = SqlRead.Int(r, 22) ?? last?.HttpStatus,
            TotalDurationMs = r.GetInt64(23),
            LastAttemptAt = last?.Time,
            Attempts = attempts,
            Via = SqlRead.Text(r, 25),
        };
    }

    private static LogList<AuditAttempt> ReadAttempts(string? json)
    {
        if (json is null || json.Length <= 2) return LogList<AuditAttempt>.Empty;
        var r = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        r.Read();   // [
        return ReadAttemptArray(ref r);
    }

    private static LogList<AuditAttempt> ReadAttemptArray(ref Utf8JsonReader r)
    {
        List<AuditAttempt>? list = null;
        while (r.Read() && r.TokenType == JsonTokenType.StartArray)
        {
            var number = (int)(NextLong(ref r) ?? 0);
            var started = NextLong(ref r) ?? 0;
            var status = NextLong(ref r);
            var category = NextText(ref r);
            var message = NextText(ref r);
            var duration = NextLong(ref r) ?? 0;
            var via = NextText(ref r);
            r.Read();   // inner ]
            (list ??= new List<AuditAttempt>(2)).Add(new AuditAttempt
            {
                Number = number,
                Time = SqlRead.Time(started),
                HttpStatus = (int?)status,
                ErrorCategory = category,
                Message = SecretRedactor.Redact(message),
                DurationMs = duration,
                Via = via,
            });
        }
        return list is null ? LogList<AuditAttempt>.Empty : new LogList<AuditAttempt>(list);
    }

    private static long? NextLong(ref Utf8JsonReader r)
    {
        r.Read();
        return r.TokenType == JsonTokenType.Null ? null : r.GetInt64();
    }

    private static string? NextText(ref Utf8JsonReader r)
    {
        r.Read();
        return r.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.String => r.GetString(),
            _ => Encoding.UTF8.GetString(r.ValueSpan),   // a number stored in a text column
        };
    }

    /// <summary>The catalog's remediation text for a failed or edged entry; null for Success.</summary>
    internal static string? RemedyFor(string? category, string outcome, DateTimeOffset? retryAt)
    {
        if (outcome == "Success" || category is null) return null;
        if (!Enum.TryParse<FailureCategory>(category, ignoreCase: false, out var parsed) || parsed == FailureCategory.None) return null;
        try { return ErrorCatalog.RecommendedActionFor(parsed, retryAt); }
        catch (ArgumentOutOfRangeException) { return null; }
    }
}
