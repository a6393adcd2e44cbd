using System.Data.SQLite;
using LeanData.Outreach.Store;

namespace LeanData.Outreach.Tests.Logs;

/// <summary>Writes actions, attempts and callouts straight into a store, as the engine would have left them.</summary>
internal sealed class LogSeed(LDStore store)
{
    public static readonly DateTimeOffset Base = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    public long Action(string node = "Inbound", string recordId = "00Q000000000001AAA", string outcome = "Success", string? edge = null,
        string? category = null, string? message = null, string? failureReason = null, int attempts = 0, DateTimeOffset? created = null,
        string? sequenceName = "Welcome", long? sequenceId = 7, DateTimeOffset? next = null, long? prospect = 101, long? mailbox = 1,
        long? user = 1, int? lastStatus = null, string? targetId = null, string? targetType = null, string recordType = "Lead",
        string? leaseOwner = null, DateTimeOffset? leaseExpires = null, long totalDuration = 0)
    {
        var at = (created ?? Base).ToUnixTimeMilliseconds();
        return Insert("""
            INSERT INTO actions(node_name, record_id, record_type, target_record_id, target_record_type, prospect_id, sequence_id, sequence_name,
                mailbox_id, user_id, outcome, edge, error_category, message, failure_reason, attempts, next_attempt_ms, last_status_code,
                total_duration_ms, created_ms, updated_ms, lease_owner, lease_expires_ms)
            VALUES(@node, @record, @recordType, @target, @targetType, @prospect, @sequence, @sequenceName, @mailbox, @user, @outcome, @edge,
                @category, @message, @reason, @attempts, @next, @status, @duration, @created, @created, @lease, @leaseExpires);
            SELECT last_insert_rowid();
            """,
            ("@node", node), ("@record", recordId), ("@recordType", recordType), ("@target", targetId), ("@targetType", targetType),
            ("@prospect", prospect), ("@sequence", sequenceId), ("@sequenceName", sequenceName), ("@mailbox", mailbox), ("@user", user),
            ("@outcome", outcome), ("@edge", edge), ("@category", category), ("@message", message), ("@reason", failureReason),
            ("@attempts", attempts), ("@next", next?.ToUnixTimeMilliseconds()), ("@status", lastStatus), ("@duration", totalDuration),
            ("@created", at), ("@lease", leaseOwner), ("@leaseExpires", leaseExpires?.ToUnixTimeMilliseconds()));
    }

    public void Attempt(long action, int number, int? status, string? category = null, string? message = null, long duration = 10, DateTimeOffset? at = null) =>
        Insert("""
            INSERT INTO attempts(action_id, attempt_number, started_ms, http_status, error_category, message, duration_ms)
            VALUES(@a, @n, @t, @s, @c, @m, @d); SELECT last_insert_rowid();
            """, ("@a", action), ("@n", number), ("@t", (at ?? Base).ToUnixTimeMilliseconds()), ("@s", status), ("@c", category), ("@m", message), ("@d", duration));

    public void Callout(long action, int status, long duration = 10, string? response = null, string? reason = null, DateTimeOffset? at = null, string path = "/api/v2/sequenceStates") =>
        Insert("""
            INSERT INTO callouts(action_id, started_ms, method, path, status_code, duration_ms, response, failure_reason)
            VALUES(@a, @t, 'POST', @p, @s, @d, @r, @f); SELECT last_insert_rowid();
            """, ("@a", action), ("@t", (at ?? Base).ToUnixTimeMilliseconds()), ("@p", path), ("@s", status), ("@d", duration), ("@r", response), ("@f", reason));

    public long Scalar(string sql)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private long Insert(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
