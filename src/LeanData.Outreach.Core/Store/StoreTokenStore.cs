using System.Text.Json;
using LeanData.Outreach.Outreach.OAuth;

namespace LeanData.Outreach.Store;

/// <summary>
/// <see cref="ITokenStore"/> over the store: access and refresh tokens encrypted in <c>secrets</c>; expiry,
/// issue time and scopes in <c>settings</c> (also mirrored into the connection info) — all written in one
/// SQLite transaction, so a rotated refresh token is never half-saved.
/// </summary>
public sealed class StoreTokenStore(SecretRepository secrets) : ITokenStore
{
    public const string TokenMetadataKey = "outreach.tokenMetadata";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record TokenMetadata(DateTimeOffset ExpiresAt, DateTimeOffset IssuedAt, IReadOnlyList<string> Scopes);

    public TokenSet? Load()
    {
        using var connection = secrets.Store.OpenConnection();
        var access = secrets.Get(connection, SecretNames.AccessToken);
        var refresh = secrets.Get(connection, SecretNames.RefreshToken);
        var metaJson = SettingsRepository.Read(connection, TokenMetadataKey);
        if (access is null || refresh is null || metaJson is null) return null;
        var meta = JsonSerializer.Deserialize<TokenMetadata>(metaJson, Json);
        return meta is null ? null : new TokenSet(access, refresh, meta.ExpiresAt, meta.Scopes ?? [], meta.IssuedAt);
    }

    public void Save(TokenSet tokens)
    {
        using var connection = secrets.Store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        Save(connection, tokens);
        transaction.Commit();
    }

    /// <summary>Writes the token set on an open connection (the caller owns the transaction).</summary>
    internal void Save(System.Data.SQLite.SQLiteConnection connection, TokenSet tokens)
    {
        secrets.SetMany(connection, new Dictionary<string, string>
        {
            [SecretNames.AccessToken] = tokens.AccessToken,
            [SecretNames.RefreshToken] = tokens.RefreshToken,
        });
        SettingsRepository.Write(connection, TokenMetadataKey,
            JsonSerializer.Serialize(new TokenMetadata(tokens.ExpiresAt, tokens.IssuedAt, tokens.Scopes), Json));
        if (ConnectionRepository.Get(connection) is { } info)
            ConnectionRepository.Save(connection, info with { TokenExpiresAt = tokens.ExpiresAt, Scopes = tokens.Scopes.Count > 0 ? tokens.Scopes : info.Scopes });
    }

    public void Clear()
    {
        using var connection = secrets.Store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        SecretRepository.Remove(connection, SecretNames.AccessToken);
        SecretRepository.Remove(connection, SecretNames.RefreshToken);
        SettingsRepository.Remove(connection, TokenMetadataKey);
        transaction.Commit();
    }
}
