using System.Data.SQLite;
using LeanData.Outreach.Security;

namespace LeanData.Outreach.Store;

/// <summary>Named secrets, encrypted by an <see cref="ISecretProtector"/> before they reach the <c>secrets</c> table.</summary>
public sealed class SecretRepository(LDStore store, ISecretProtector protector)
{
    internal LDStore Store => store;
    internal ISecretProtector Protector => protector;

    public string? Get(string name)
    {
        using var connection = store.OpenConnection();
        return Get(connection, name);
    }

    public void Set(string name, string value) => SetMany(new Dictionary<string, string> { [name] = value });

    /// <summary>Writes several secrets in one transaction: all or none.</summary>
    public void SetMany(IReadOnlyDictionary<string, string> values)
    {
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        SetMany(connection, values);
        transaction.Commit();
    }

    public bool Remove(string name)
    {
        using var connection = store.OpenConnection();
        return Remove(connection, name);
    }

    public void RemoveAll(params string[] names)
    {
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        foreach (var name in names) Remove(connection, name);
        transaction.Commit();
    }

    internal string? Get(SQLiteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT protected FROM secrets WHERE name = @name";
        command.Parameters.AddWithValue("@name", name);
        return command.ExecuteScalar() is byte[] blob ? protector.Unprotect(blob) : null;
    }

    internal void SetMany(SQLiteConnection connection, IReadOnlyDictionary<string, string> values)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var (name, value) in values)
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO secrets(name, protected, updated_ms) VALUES(@name, @protected, @now)
                ON CONFLICT(name) DO UPDATE SET protected = excluded.protected, updated_ms = excluded.updated_ms
                """;
            command.Parameters.AddWithValue("@name", name);
            command.Parameters.Add("@protected", System.Data.DbType.Binary).Value = protector.Protect(value);
            command.Parameters.AddWithValue("@now", now);
            command.ExecuteNonQuery();
        }
    }

    internal static bool Remove(SQLiteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM secrets WHERE name = @name";
        command.Parameters.AddWithValue("@name", name);
        return command.ExecuteNonQuery() > 0;
    }
}
