using LeanData.Outreach.Store;

namespace LeanData.Outreach.Connection;

/// <summary>
/// Which Outreach connection a store holds, read offline (as Get-MgContext / Get-AzContext answer): the store, the
/// API base, the authorized user, the granted scopes and the access token's expiry. Never a token or a secret.
/// </summary>
public sealed record OutreachContext(
    string StorePath,
    string ClientId,
    Uri ApiBaseUri,
    long? AuthorizedUserId,
    string? AuthorizedUserEmail,
    IReadOnlyList<string> Scopes,
    DateTimeOffset? TokenExpiresAt,
    bool TokenExpired,
    DateTimeOffset ConnectedAt)
{
    /// <summary>The store's connection, or null when it holds none (a store that does not exist is not created).</summary>
    public static OutreachContext? Read(LDStore store, TimeProvider time)
    {
        if (!store.Exists || new ConnectionRepository(store).Get() is not { } info) return null;
        var now = time.GetUtcNow();
        return new OutreachContext(store.Path, info.ClientId, info.ApiBaseUri, info.AuthorizedUserId, info.AuthorizedUserEmail, info.Scopes,
            info.TokenExpiresAt, info.TokenExpiresAt is { } expires && expires <= now, info.ConnectedAt);
    }
}
