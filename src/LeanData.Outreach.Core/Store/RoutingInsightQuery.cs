using System.Data.SQLite;
using LeanData.Outreach.Routing;
using System.Globalization;
using LeanData.Outreach.Errors;

namespace LeanData.Outreach.Store;

/// <summary>
/// Aggregates the actions table in SQL: per group (node, sequence, user, mailbox, outcome, error category,
/// edge, day) the outcome and edge counts, the success rate, and the most frequent failure category with its
/// remedy. Rows stream in order of size (largest group first).
/// </summary>
public sealed class RoutingInsightQuery(LDStore store)
{
    private static readonly Dictionary<RoutingDimension, string> Expressions = new()
    {
        [RoutingDimension.Node] = "a.node_name",
        [RoutingDimension.Sequence] = "a.sequence_id",
        [RoutingDimension.User] = "a.user_id",
        [RoutingDimension.Mailbox] = "a.mailbox_id",
        [RoutingDimension.Outcome] = "a.outcome",
        [RoutingDimension.ErrorCategory] = "a.error_category",
        [RoutingDimension.Edge] = "a.edge",
        [RoutingDimension.Day] = "strftime('%Y-%m-%d', a.created_ms / 1000, 'unixepoch')",
    };

    public IEnumerable<RoutingInsight> Query(RoutingInsightFilter filter, CancellationToken cancellationToken = default)
    {
        var dimensions = filter.GroupBy.Distinct().ToList();
        var keys = dimensions.Select((d, i) => $"{Expressions[d]} AS k{i}").ToList();
        var groupBy = dimensions.Count == 0 ? "" : "GROUP BY " + string.Join(", ", dimensions.Select((_, i) => $"k{i}"));
        var topFailures = TopFailures(filter, dimensions, keys);

        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        var where = Where(command, filter);
        var select = keys.Count == 0 ? "" : string.Join(", ", keys) + ", ";
        command.CommandText = $"""
            SELECT {select}
                COUNT(*),
                SUM(a.outcome = 'Success'), SUM(a.outcome = 'Pending'), SUM(a.outcome = 'Error'), SUM(a.outcome = 'Edge'), SUM(a.outcome = 'Skipped'),
                SUM(a.edge = 'MissingProspectId'), SUM(a.edge = 'MissingUserId'), SUM(a.edge = 'QueueOwner'), SUM(a.edge = 'ConfigurationError'),
                MIN(a.created_ms), MAX(a.created_ms), MAX(a.sequence_name)
            FROM actions a {where} {groupBy}
            ORDER BY COUNT(*) DESC{string.Concat(dimensions.Select((_, i) => $", k{i}"))}
            """;
        using var reader = command.ExecuteReader();
        var groupLabel = string.Join(",", dimensions);
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var values = Enumerable.Range(0, dimensions.Count).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray();
            var n = dimensions.Count;
            var total = reader.GetInt64(n);
            if (total == 0) continue; // no rows at all without GROUP BY
            var insight = new RoutingInsight
            {
                Total = total,
                Succeeded = Sum(reader, n + 1),
                Pending = Sum(reader, n + 2),
                Failed = Sum(reader, n + 3),
                EdgeTaken = Sum(reader, n + 4),
                Skipped = Sum(reader, n + 5),
                MissingProspectId = Sum(reader, n + 6),
                MissingUserId = Sum(reader, n + 7),
                QueueOwner = Sum(reader, n + 8),
                ConfigurationError = Sum(reader, n + 9),
                FirstAt = reader.IsDBNull(n + 10) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(n + 10)),
                LastAt = reader.IsDBNull(n + 11) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(n + 11)),
                GroupBy = groupLabel,
            };
            insight = insight with { SuccessRate = Math.Round((double)insight.Succeeded / total, 4) };
            var sequenceName = reader.IsDBNull(n + 12) ? null : reader.GetString(n + 12);
            for (var i = 0; i < n; i++) insight = WithDimension(insight, dimensions[i], values[i], sequenceName);
            if (topFailures.TryGetValue(Key(values), out var top))
            {
                insight = insight with
                {
                    TopErrorCategory = top.Category,
                    TopErrorCount = top.Count,
                    RecommendedAction = Enum.TryParse<FailureCategory>(top.Category, out var category) && category != FailureCategory.None
                        ? ErrorCatalog.Get(category).FormatRecommendedAction(null)
                        : null,
                };
            }
            yield return insight;
        }
    }

    /// <summary>Per group, the failure category seen most often among actions that did not succeed (ties: the name first in order).</summary>
    private Dictionary<string, (string Category, long Count)> TopFailures(RoutingInsightFilter filter, List<RoutingDimension> dimensions, List<string> keys)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        var where = Where(command, filter, "a.error_category IS NOT NULL AND a.outcome <> 'Success'");
        var select = keys.Count == 0 ? "" : string.Join(", ", keys) + ", ";
        var group = string.Concat(dimensions.Select((_, i) => $"k{i}, "));
        command.CommandText = $"SELECT {select}a.error_category, COUNT(*) FROM actions a {where} GROUP BY {group}a.error_category";
        var top = new Dictionary<string, (string Category, long Count)>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        var n = dimensions.Count;
        while (reader.Read())
        {
            var values = Enumerable.Range(0, n).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray();
            var key = Key(values);
            var category = reader.GetString(n);
            var count = reader.GetInt64(n + 1);
            if (!top.TryGetValue(key, out var best) || count > best.Count || (count == best.Count && string.CompareOrdinal(category, best.Category) < 0))
                top[key] = (category, count);
        }
        return top;
    }

    private static string Where(SQLiteCommand command, RoutingInsightFilter filter, string? extra = null)
    {
        var clauses = new List<string> { "a.action_type = @type" };
        command.Parameters.AddWithValue("@type", filter.ActionType);
        if (filter.Since is { } since)
        {
            clauses.Add("a.created_ms >= @since");
            command.Parameters.AddWithValue("@since", since.ToUnixTimeMilliseconds());
        }
        if (filter.Until is { } until)
        {
            clauses.Add("a.created_ms < @until");
            command.Parameters.AddWithValue("@until", until.ToUnixTimeMilliseconds());
        }
        if (filter.NodeNames.Count > 0)
            clauses.Add($"a.node_name COLLATE NOCASE IN ({In(command, "@n", filter.NodeNames.Cast<object>())})");
        if (filter.SequenceIds.Count > 0)
            clauses.Add($"a.sequence_id IN ({In(command, "@s", filter.SequenceIds.Cast<object>())})");
        if (filter.UserIds.Count > 0)
            clauses.Add($"a.user_id IN ({In(command, "@u", filter.UserIds.Cast<object>())})");
        if (extra is not null) clauses.Add(extra);
        return "WHERE " + string.Join(" AND ", clauses);
    }

    private static string In(SQLiteCommand command, string prefix, IEnumerable<object> values)
    {
        var names = new List<string>();
        foreach (var (value, i) in values.Distinct().Select((v, i) => (v, i)))
        {
            var name = prefix + i.ToString(CultureInfo.InvariantCulture);
            command.Parameters.AddWithValue(name, value);
            names.Add(name);
        }
        return string.Join(',', names);
    }

    private static RoutingInsight WithDimension(RoutingInsight insight, RoutingDimension dimension, object? value, string? sequenceName) => dimension switch
    {
        RoutingDimension.Node => insight with { Node = value as string },
        RoutingDimension.Sequence => insight with { SequenceId = AsLong(value), SequenceName = sequenceName },
        RoutingDimension.User => insight with { UserId = AsLong(value) },
        RoutingDimension.Mailbox => insight with { MailboxId = AsLong(value) },
        RoutingDimension.Outcome => insight with { Outcome = value as string },
        RoutingDimension.ErrorCategory => insight with { ErrorCategory = value as string },
        RoutingDimension.Edge => insight with { Edge = value as string },
        RoutingDimension.Day => insight with { Day = value as string },
        _ => insight,
    };

    private static long? AsLong(object? value) => value is null ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static long Sum(SQLiteDataReader reader, int i) => reader.IsDBNull(i) ? 0 : reader.GetInt64(i);

    private static string Key(object?[] values) =>
        string.Join("\u001f", values.Select(v => v is null ? "\u0000" : Convert.ToString(v, CultureInfo.InvariantCulture)));
}
