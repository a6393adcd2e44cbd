using System.Data.SQLite;
using System.Globalization;
using LeanData.Outreach.Logs;

namespace LeanData.Outreach.Store;

/// <summary>
/// Reads the Partner Logs Report: every action that made a callout or waits for one, with its callout
/// history. Filters run in SQL and entries stream as they are read.
/// </summary>
public sealed class PartnerLogQuery(LDStore store)
{
    private const string Columns = """
        a.id, a.created_ms, a.action_type, a.node_name, a.outcome, a.record_id, a.record_type, a.target_record_id,
        a.target_record_type, a.prospect_id, a.sequence_name, a.last_status_code, a.total_duration_ms, a.failure_reason, a.log_length_hit, a.via
        """;

    internal const string PartnerRows = "(a.outcome = 'Pending' OR a.attempts > 0 OR EXISTS (SELECT 1 FROM callouts c WHERE c.action_id = a.id))";

    public IEnumerable<PartnerLogEntry> Read(PartnerLogFilter filter, CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        var where = new SqlFilterBuilder(command);
        Apply(where, filter);
        var limit = filter.First is { } first ? $" LIMIT {where.Parameter(first)}" : "";
        command.CommandText = $"SELECT {Columns} FROM actions a {where.Where} ORDER BY a.created_ms, a.id{limit}";
        using var callouts = connection.CreateCommand();
        callouts.CommandText = """
            SELECT started_ms, method, path, status_code, duration_ms, response, failure_reason
            FROM callouts WHERE action_id = @id ORDER BY started_ms, id
            """;
        var id = callouts.Parameters.Add("@id", System.Data.DbType.Int64);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            id.Value = reader.GetInt64(0);
            yield return ReadEntry(reader, ReadCallouts(callouts));
        }
    }

    /// <summary>Totals over the same filter (the report's summary line).</summary>
    public PartnerLogTotals Totals(PartnerLogFilter filter, CancellationToken cancellationToken = default)
    {
        long actions = 0, callouts = 0, succeeded = 0, failed = 0, pending = 0, duration = 0;
        var reasons = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var entry in Read(filter with { First = null }, cancellationToken))
        {
            actions++;
            callouts += entry.CalloutCount;
            duration += entry.TotalCalloutDurationMs;
            switch (entry.ResponseStatusCode)
            {
                case null: pending++; break;
                case 200: succeeded++; break;
                default: failed++; break;
            }
            foreach (var reason in entry.FailureReasons) reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
        }
        return new PartnerLogTotals
        {
            Actions = actions, Callouts = callouts, Succeeded = succeeded, Failed = failed, Pending = pending,
            TotalCalloutDurationMs = duration, FailureReasons = reasons,
        };
    }

    private static void Apply(SqlFilterBuilder where, PartnerLogFilter filter)
    {
        where.Add(PartnerRows);
        where.Text(filter.NodeNames, "a.node_name");
        where.Text(filter.RecordIds, ignoreCase: false, "a.record_id", "a.target_record_id");
        if (filter.Statuses.Count > 0)
        {
            var outcomes = filter.Statuses.SelectMany(s => s switch
            {
                PartnerLogStatus.Succeeded => new[] { "Success" },
                PartnerLogStatus.Pending => ["Pending"],
                _ => ["Error", "Edge", "Skipped"],
            }).Distinct().ToList();
            where.In("a.outcome", outcomes);
        }
        if (filter.FailureReasons.Count > 0)
        {
            var any = new List<string>();
            foreach (var reason in filter.FailureReasons)
            {
                var wildcard = reason.IndexOfAny(['*', '?']) >= 0;
                var p = where.Parameter(wildcard ? SqlFilterBuilder.LikePattern(reason) : reason);
                string Match(string column) => wildcard ? $"{column} LIKE {p} ESCAPE '\\'" : $"{column} = {p} COLLATE NOCASE";
                any.Add(Match("a.failure_reason"));
                any.Add($"EXISTS (SELECT 1 FROM callouts c WHERE c.action_id = a.id AND {Match("c.failure_reason")})");
                any.Add($"(a.log_length_hit = 1 AND {Match($"'{CalloutHistoryCap.FailureReason}'")})");
            }
            where.Add("(" + string.Join(" OR ", any) + ")");
        }
        if (filter.Since is { } since) where.Add($"a.created_ms >= {where.Parameter(SqlRead.Ms(since))}");
        if (filter.Until is { } until) where.Add($"a.created_ms < {where.Parameter(SqlRead.Ms(until))}");
    }

    private static List<PartnerCallout> ReadCallouts(SQLiteCommand command)
    {
        var list = new List<PartnerCallout>();
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            list.Add(new PartnerCallout
            {
                Time = SqlRead.Time(r.GetInt64(0)),
                Method = r.GetString(1),
                Path = SecretRedactor.Redact(r.GetString(2))!,
                StatusCode = (int)r.GetInt64(3),
                DurationMs = r.GetInt64(4),
                Response = SecretRedactor.Redact(SqlRead.Text(r, 5)),
                FailureReason = SqlRead.Text(r, 6),
            });
        }
        return list;
    }

    private static PartnerLogEntry ReadEntry(SQLiteDataReader r, List<PartnerCallout> callouts)
    {
        var outcome = r.GetString(4);
        var targetType = SqlRead.Text(r, 8) ?? SqlRead.Text(r, 6);
        var targetId = SqlRead.Text(r, 7) ?? SqlRead.Text(r, 5);
        var lastStatus = SqlRead.Int(r, 11) ?? (callouts.Count > 0 ? callouts[^1].StatusCode : null);
        var logLengthHit = r.GetInt64(14) != 0;
        var reasons = new List<string>();
        foreach (var reason in callouts.Select(c => c.FailureReason).Append(SqlRead.Text(r, 13)))
            if (!string.IsNullOrEmpty(reason) && !reasons.Contains(reason)) reasons.Add(reason);
        if (logLengthHit) reasons.Add(CalloutHistoryCap.FailureReason);
        var summed = callouts.Sum(c => c.DurationMs);
        var total = r.GetInt64(12);
        return new PartnerLogEntry
        {
            ActionId = r.GetInt64(0),
            Time = SqlRead.Time(r.GetInt64(1)),
            ActionType = r.GetString(2),
            NodeName = r.GetString(3),
            Outcome = outcome,
            ResponseStatusCode = outcome switch
            {
                "Pending" => null,
                "Success" => 200,
                _ => lastStatus is null or 200 or 201 ? 0 : lastStatus,
            },
            TargetObject = targetId is null ? null : string.Create(CultureInfo.InvariantCulture, $"{targetType ?? "Record"} {targetId}"),
            RecordId = SqlRead.Text(r, 5),
            ProspectId = SqlRead.Long(r, 9),
            SequenceName = SqlRead.Text(r, 10),
            CalloutCount = callouts.Count,
            CalloutDurationMs = callouts.Count > 0 ? callouts[^1].DurationMs : 0,
            TotalCalloutDurationMs = Math.Max(total, summed),
            LogLengthHit = logLengthHit,
            FailureReasons = new LogList<string>(reasons),
            CalloutHistory = new LogList<PartnerCallout>(callouts),
            Via = SqlRead.Text(r, 15),
        };
    }
}
