using System.Collections.Concurrent;
using System.Data.SQLite;
using System.Text.Json;
using LeanData.Outreach.Outreach.OAuth;

namespace LeanData.Outreach.Store;

/// <summary>
/// <see cref="ITokenStore"/> over the store: access and refresh tokens encrypted in <c>secrets</c>; expiry,
/// issue time and scopes in <c>settings</c> (also mirrored into the connection info) — all written in one
/// SQLite transaction, so a rotated refresh token is never half-saved. The refresh lock is the store's
/// <see cref="TokenRefreshLockRepository"/> row, so it holds across processes.
/// </summary>
public sealed class StoreTokenStore(SecretRepository secrets) : ITokenStore
{
    public const string TokenMetadataKey = "outreach.tokenMetadata";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(250);

    // Sessions of one process on one store file queue here first, so they never poll the store for each other.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> InProcessGates =
        new(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);

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

    public bool SaveIfUnchanged(TokenSet expected, TokenSet tokens)
    {
        using var connection = secrets.Store.OpenConnection();
        Execute(connection, "BEGIN IMMEDIATE");
        try
        {
            var access = secrets.Get(connection, SecretNames.AccessToken);
            var refresh = secrets.Get(connection, SecretNames.RefreshToken);
            var unchanged = string.Equals(access, expected.AccessToken, StringComparison.Ordinal)
                && string.Equals(refresh, expected.RefreshToken, StringComparison.Ordinal);
            if (unchanged) Save(connection, tokens);
            Execute(connection, "COMMIT");
            return unchanged;
        }
        catch
        {
            Execute(connection, "ROLLBACK");
            throw;
        }
    }

    /// <summary>
    /// Waits for the store's refresh lock. The lock's times are wall-clock times, the only clock that processes
    /// share; while another process holds it, this polls (20 ms, doubling to 250 ms) until it is given back, its
    /// holder is found dead, or it lapses.
    /// </summary>
    public async Task<IDisposable> AcquireRefreshLockAsync(TimeSpan holdFor, CancellationToken cancellationToken)
    {
        var gate = InProcessGates.GetOrAdd(secrets.Store.Path, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var locks = new TokenRefreshLockRepository(secrets.Store);
            var pause = FirstPause;
            while (true)
            {
                var now = DateTimeOffset.UtcNow;
                var mine = TokenRefreshLockHolder.ForThisProcess(now, holdFor);
                if (locks.TryAcquire(mine, now) is not { } holder) return new Held(locks, mine.Owner, gate);
                var untilLapse = holder.ExpiresAt - now;
                await Task.Delay(untilLapse < pause ? untilLapse + TimeSpan.FromMilliseconds(1) : pause, cancellationToken).ConfigureAwait(false);
                pause = pause * 2 < LongestPause ? pause * 2 : LongestPause;
            }
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    private sealed class Held(TokenRefreshLockRepository locks, string owner, SemaphoreSlim gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) != 0) return;
            try
            {
                locks.Release(owner);
            }
            finally
            {
                gate.Release();
            }
        }
    }

    private static void Execute(SQLiteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Writes the token set on an open connection (the caller owns the transaction).</summary>
    internal void Save(SQLiteConnection connection, TokenSet tokens)
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
