using System.Text.Json;

namespace LeanData.Outreach.Store;

/// <summary>Typed configuration values kept as JSON under a key.</summary>
public sealed class SettingsRepository(LDStore store)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public T? Get<T>(string key) where T : class
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM settings WHERE key = @key";
        command.Parameters.AddWithValue("@key", key);
        return command.ExecuteScalar() is string json ? JsonSerializer.Deserialize<T>(json, Json) : null;
    }

    public void Set<T>(string key, T value) where T : class
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO settings(key, value, updated_ms) VALUES(@key, @value, @now)
            ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_ms = excluded.updated_ms
            """;
        command.Parameters.AddWithValue("@key", key);
        command.Parameters.AddWithValue("@value", JsonSerializer.Serialize(value, Json));
        command.Parameters.AddWithValue("@now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }

    public bool Remove(string key)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM settings WHERE key = @key";
        command.Parameters.AddWithValue("@key", key);
        return command.ExecuteNonQuery() > 0;
    }
}
