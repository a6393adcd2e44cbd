using System.Data.SQLite;
using System.Text.Json;

namespace LeanData.Outreach.Store;

/// <summary>Reads and writes <see cref="OutreachConnectionInfo"/> in the settings table (no secrets there).</summary>
public sealed class ConnectionRepository(LDStore store)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    internal LDStore Store => store;

    public OutreachConnectionInfo? Get()
    {
        using var connection = store.OpenConnection();
        return Get(connection);
    }

    public void Save(OutreachConnectionInfo info)
    {
        using var connection = store.OpenConnection();
        Save(connection, info);
    }

    public bool Remove()
    {
        using var connection = store.OpenConnection();
        return Remove(connection);
    }

    internal static OutreachConnectionInfo? Get(SQLiteConnection connection) =>
        Read(connection, OutreachConnectionInfo.SettingsKey) is { } json ? JsonSerializer.Deserialize<OutreachConnectionInfo>(json, Json) : null;

    internal static void Save(SQLiteConnection connection, OutreachConnectionInfo info) =>
        Write(connection, OutreachConnectionInfo.SettingsKey, JsonSerializer.Serialize(info, Json));

    internal static bool Remove(SQLiteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM settings WHERE key = @key";
        command.Parameters.AddWithValue("@key", OutreachConnectionInfo.SettingsKey);
        return command.ExecuteNonQuery() > 0;
    }

    internal static string? Read(SQLiteConnection connection, string key)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM settings WHERE key = @key";
        command.Parameters.AddWithValue("@key", key);
        return command.ExecuteScalar() as string;
    }

    internal static void Write(SQLiteConnection connection, string key, string json)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO settings(key, value, updated_ms) VALUES(@key, @value, @now)
            ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_ms = excluded.updated_ms
            """;
        command.Parameters.AddWithValue("@key", key);
        command.Parameters.AddWithValue("@value", json);
        command.Parameters.AddWithValue("@now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }
}
