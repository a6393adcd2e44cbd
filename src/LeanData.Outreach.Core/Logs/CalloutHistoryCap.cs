using System.Globalization;
using LeanData.Outreach.Store;

namespace LeanData.Outreach.Logs;

/// <summary>How many callouts the partner log keeps per action; reaching it is reported as "Log length hit".</summary>
public static class CalloutHistoryCap
{
    public const string SettingsKey = "calloutHistoryCap";
    public const int Default = 50;
    public const string FailureReason = "Log length hit";

    public static int Get(LDStore store)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT CAST(value AS INTEGER) FROM settings WHERE key = @key";
        command.Parameters.AddWithValue("@key", SettingsKey);
        return command.ExecuteScalar() is long value ? (int)value : Default;
    }

    public static void Set(LDStore store, int cap)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, 1);
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO settings(key, value, updated_ms) VALUES(@key, @value, @now)
            ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_ms = excluded.updated_ms
            """;
        command.Parameters.AddWithValue("@key", SettingsKey);
        command.Parameters.AddWithValue("@value", cap.ToString(CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("@now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }
}
