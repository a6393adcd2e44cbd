using System.Data.SQLite;
using System.Text.Json;

namespace LeanData.Outreach.Store;

/// <summary>Reads and writes <see cref="OutreachConnectionInfo"/> in the settings table (no secrets there), through <see cref="SettingsRepository"/>.</summary>
public sealed class ConnectionRepository(LDStore store)
{
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

    /// <summary>Forgets tokens, client secret, token metadata and connection info in one transaction. False when nothing was stored.</summary>
    public bool Forget()
    {
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        var removed = false;
        foreach (var name in new[] { SecretNames.AccessToken, SecretNames.RefreshToken, SecretNames.ClientSecret })
            removed |= SecretRepository.Remove(connection, name);
        removed |= Remove(connection);
        removed |= SettingsRepository.Remove(connection, StoreTokenStore.TokenMetadataKey);
        transaction.Commit();
        return removed;
    }

    internal static OutreachConnectionInfo? Get(SQLiteConnection connection) =>
        SettingsRepository.Read(connection, OutreachConnectionInfo.SettingsKey) is { } json ? JsonSerializer.Deserialize<OutreachConnectionInfo>(json, SettingsRepository.Json) : null;

    internal static void Save(SQLiteConnection connection, OutreachConnectionInfo info) =>
        SettingsRepository.Write(connection, OutreachConnectionInfo.SettingsKey, JsonSerializer.Serialize(info, SettingsRepository.Json));

    internal static bool Remove(SQLiteConnection connection) => SettingsRepository.Remove(connection, OutreachConnectionInfo.SettingsKey);
}
