using System.Text.Json;
using LeanData.Outreach.Outcomes;

namespace LeanData.Outreach.Store;

/// <summary>An earlier Success or Pending action for a (record, sequence, node).</summary>
public sealed record EarlierAction(long Id, string RecordId, long SequenceId, string NodeName, ActionOutcome Outcome, long? SequenceStateId, DateTimeOffset UpdatedAt);

/// <summary>
/// Finds, for a whole batch in one indexed query (ix_actions_record), the records that already have a Success or
/// Pending action in the store, so a re-run does not send them again.
/// </summary>
public sealed class EarlierActionQuery(LDStore store)
{
    /// <summary>
    /// The latest Pending action, else the latest Success action updated at or after <paramref name="successSince"/>
    /// (any time when null), per (record id, sequence id, node name) among <paramref name="recordIds"/>.
    /// </summary>
    public IReadOnlyDictionary<(string RecordId, long SequenceId, string NodeName), EarlierAction> Find(
        IReadOnlyCollection<string> recordIds, DateTimeOffset? successSince)
    {
        var found = new Dictionary<(string, long, string), EarlierAction>();
        if (recordIds.Count == 0) return found;
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        // One statement whatever the batch size: the ids travel as one JSON array parameter.
        command.CommandText = """
            SELECT id, record_id, sequence_id, node_name, outcome, sequence_state_id, updated_ms FROM actions
            WHERE record_id IN (SELECT value FROM json_each(@ids)) AND sequence_id IS NOT NULL
              AND (outcome = 'Pending' OR (outcome = 'Success' AND updated_ms >= @since))
            ORDER BY id
            """;
        command.Parameters.AddWithValue("@ids", JsonSerializer.Serialize(recordIds.Distinct(StringComparer.Ordinal).ToArray()));
        command.Parameters.AddWithValue("@since", successSince?.ToUnixTimeMilliseconds() ?? long.MinValue);
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            var earlier = new EarlierAction(r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetString(3), Enum.Parse<ActionOutcome>(r.GetString(4)),
                r.IsDBNull(5) ? null : r.GetInt64(5), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(6)));
            var key = (earlier.RecordId, earlier.SequenceId, earlier.NodeName);
            // Ordered by id, so the latest wins; a Pending action wins over any Success.
            if (!found.TryGetValue(key, out var kept) || kept.Outcome != ActionOutcome.Pending || earlier.Outcome == ActionOutcome.Pending)
                found[key] = earlier;
        }
        return found;
    }
}
