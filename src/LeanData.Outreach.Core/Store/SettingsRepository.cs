using System.Data.SQLite;
using System.Text.Json;

namespace LeanData.Outreach.Store;

/// <summary>
/// The settings table: values kept as JSON under a key. The only code with settings SQL; the connection,
/// token metadata and configuration all go through it (a number is its JSON text, which SQL can CAST, as
/// the callout-cap trigger does). The static members work inside a caller's connection and transaction.
/// </summary>
public sealed class SettingsRepository(LDStore store)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public T? Get<T>(string key) where T : class
    {
        using var connection = store.OpenConnection();
        return Read(connection, key) is { } json ? JsonSerializer.Deserialize<T>(json, Json) : null;
    }

    public T? GetValue<T>(string key) where T : struct
    {
        using var connection = store.OpenConnection();
        return Read(connection, key) is { } json ? JsonSerializer.Deserialize<T>(json, Json) : null;
    }

    public void Set<T>(string key, T value) where T : class
    {
        using var connection = store.OpenConnection();
        Write(connection, key, JsonSerializer.Serialize(value, Json));
    }

    public void SetValue<T>(string key, T value) where T : struct
    {
        using var connection = store.OpenConnection();
        Write(connection, key, JsonSerializer.Serialize(value, Json));
    }

    /// <summary>
    /// Reads, changes and writes one value under the store's write lock (BEGIN IMMEDIATE), so processes sharing the store
    /// never lose each other's change (a count they both add to, for example).
    /// </summary>
    public void Update<T>(string key, Func<T?, T> change) where T : class
    {
        using var connection = store.OpenConnection();
        Execute(connection, "BEGIN IMMEDIATE");
        try
        {
            var current = Read(connection, key) is { } json ? JsonSerializer.Deserialize<T>(json, Json) : null;
            Write(connection, key, JsonSerializer.Serialize(change(current), Json));
            Execute(connection, "COMMIT");
        }
        catch
        {
            Execute(connection, "ROLLBACK");
            throw;
        }
    }

    public bool Remove(string key)
    {
        using var connection = store.OpenConnection();
        return Remove(connection, key);
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

    internal static bool Remove(SQLiteConnection connection, string key)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM settings WHERE key = @key";
        command.Parameters.AddWithValue("@key", key);
        return command.ExecuteNonQuery() > 0;
    }

    private static void Execute(SQLiteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
