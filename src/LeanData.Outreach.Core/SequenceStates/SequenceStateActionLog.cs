using System.Data.SQLite;
using System.Globalization;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Store;

namespace LeanData.Outreach.SequenceStates;

/// <summary>
/// Records sequenceState actions in the store's actions / attempts / callouts tables, so the audit log and
/// the partner log show them beside Add to Sequence actions. Each action is stored finished (Success or
/// Error, never Pending: the retry worker does not replay state changes), with action_type
/// "Pause Sequence State" etc., the sequenceState as the target object, one attempt row and its callouts.
/// One transaction per batch.
/// </summary>
public sealed class SequenceStateActionLog(LDStore store)
{
    public const string TargetRecordType = "sequenceState";

    /// <summary>Stores the results and returns them with <see cref="SequenceStateActionResult.ActionId"/> set, in the same order.</summary>
    public IReadOnlyList<SequenceStateActionResult> Record(IReadOnlyList<(SequenceStateActionResult Result, IReadOnlyCollection<CalloutRecord> Callouts)> entries)
    {
        if (entries.Count == 0) return [];
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var stored = new SequenceStateActionResult[entries.Count];
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using var action = Command(connection, transaction, """
            INSERT INTO actions(action_type, node_name, target_record_id, target_record_type, prospect_id, sequence_id, mailbox_id,
                outcome, error_category, message, failure_reason, attempts, sequence_state_id, last_status_code, total_duration_ms,
                created_ms, updated_ms)
            VALUES(@type, @node, @target, @targetType, @prospect, @sequence, @mailbox, @outcome, @category, @message, @reason, 1,
                @state, @status, @duration, @created, @now);
            SELECT last_insert_rowid();
            """);
        using var attempt = Command(connection, transaction, """
            INSERT INTO attempts(action_id, attempt_number, started_ms, http_status, error_category, message, duration_ms)
            VALUES(@action, 1, @started, @status, @category, @message, @duration)
            """);
        using var callout = Command(connection, transaction, """
            INSERT INTO callouts(action_id, started_ms, method, path, status_code, duration_ms, response, failure_reason)
            VALUES(@action, @started, @method, @path, @status, @duration, @response, @reason)
            """);
        for (var i = 0; i < entries.Count; i++)
        {
            var (r, callouts) = entries[i];
            var category = r.ErrorCategory?.ToString();
            Set(action, ("@type", r.ActionType), ("@node", r.NodeName), ("@target", r.SequenceStateId.ToString(CultureInfo.InvariantCulture)),
                ("@targetType", TargetRecordType), ("@prospect", r.ProspectId), ("@sequence", r.SequenceId), ("@mailbox", r.MailboxId),
                ("@outcome", r.Outcome), ("@category", category), ("@message", r.Message), ("@reason", r.FailureReason),
                ("@state", r.SequenceStateId), ("@status", r.StatusCode), ("@duration", r.DurationMs),
                ("@created", r.StartedAt.ToUnixTimeMilliseconds()), ("@now", now));
            var id = Convert.ToInt64(action.ExecuteScalar(), CultureInfo.InvariantCulture);
            Set(attempt, ("@action", id), ("@started", r.StartedAt.ToUnixTimeMilliseconds()), ("@status", r.StatusCode),
                ("@category", category), ("@message", r.Message), ("@duration", r.DurationMs));
            attempt.ExecuteNonQuery();
            foreach (var c in callouts.OrderBy(c => c.Started))
            {
                Set(callout, ("@action", id), ("@started", c.Started.ToUnixTimeMilliseconds()), ("@method", c.Method), ("@path", c.Path),
                    ("@status", c.StatusCode), ("@duration", c.DurationMs), ("@response", c.Summary), ("@reason", c.FailureReason));
                callout.ExecuteNonQuery();
            }
            stored[i] = r with { ActionId = id };
        }
        transaction.Commit();
        return stored;
    }

    private static SQLiteCommand Command(SQLiteConnection connection, SQLiteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Set(SQLiteCommand command, params (string Name, object? Value)[] values)
    {
        command.Parameters.Clear();
        foreach (var (name, value) in values) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
    }
}
