using LeanData.Outreach.Outreach.Model;
using LeanData.Outreach.Outreach.OAuth;
using LeanData.Outreach.Security;
using LeanData.Outreach.Store;
using LeanData.Outreach.Outreach.Client;
using LeanData.Outreach.Outreach;

namespace LeanData.Outreach.Connection;

/// <summary>
/// The Connect-/Disconnect-LDOutreach work: redeem a code or refresh token, check the granted scopes
/// (<see cref="MissingScopeException"/>: only the four required ones), read the identity, and persist client
/// secret, tokens (encrypted) and connection metadata. Nothing is stored when a step fails — except that an
/// identity call Outreach answers with 429 or maintenance does not undo a valid authorization: the tokens are
/// kept (a rotated refresh token must not be lost) and <c>warning</c> says the identity is not confirmed.
/// </summary>
public static class OutreachConnector
{
    /// <summary>Connects with an authorization code (interactive or pasted).</summary>
    public static Task<OutreachConnectionInfo> ConnectWithCodeAsync(LDStore store, OAuthClientCredentials credentials, Uri apiBaseUri, string code, OutreachSessionOptions? options, CancellationToken cancellationToken, Action<string>? warning = null) =>
        ConnectAsync(store, credentials, apiBaseUri, (oauth, ct) => oauth.ExchangeCodeAsync(code, ct), options, warning, cancellationToken);

    /// <summary>Connects with a refresh token (unattended).</summary>
    public static Task<OutreachConnectionInfo> ConnectWithRefreshTokenAsync(LDStore store, OAuthClientCredentials credentials, Uri apiBaseUri, string refreshToken, OutreachSessionOptions? options, CancellationToken cancellationToken, Action<string>? warning = null) =>
        ConnectAsync(store, credentials, apiBaseUri, (oauth, ct) => oauth.RefreshAsync(refreshToken, ct), options, warning, cancellationToken);

    /// <summary>Re-validates the stored connection (refreshing if needed), re-reads the identity and returns it.</summary>
    public static async Task<OutreachConnectionInfo> ReconnectFromStoreAsync(LDStore store, OutreachSessionOptions? options, CancellationToken cancellationToken, Action<string>? warning = null)
    {
        using var session = OutreachSession.FromStore(store, options);
        var granted = session.Tokens.Current?.Scopes ?? [];
        CheckScopes(granted);
        var identity = await IdentityAsync(session.Client, warning, cancellationToken).ConfigureAwait(false);
        var info = session.Connection with
        {
            TokenExpiresAt = session.Tokens.Current?.ExpiresAt,
            AuthorizedUserId = identity.UserId ?? session.Connection.AuthorizedUserId,
            AuthorizedUserEmail = identity.UserEmail ?? session.Connection.AuthorizedUserEmail,
        };
        new ConnectionRepository(store).Save(info);
        return info;
    }

    /// <summary>Forgets tokens, client secret and connection metadata. Returns false when nothing was stored.</summary>
    public static bool Disconnect(LDStore store) => new ConnectionRepository(store).Forget();

    /// <summary>Throws <see cref="MissingScopeException"/> when a required scope is missing.</summary>
    public static void CheckScopes(IReadOnlyList<string> granted)
    {
        var missing = OutreachScopes.Missing(granted);
        if (missing.Count > 0) throw new MissingScopeException(missing, granted);
    }

    /// <summary>
    /// The identity call. Outreach answering 429 or maintenance means it accepted the token (it authenticates
    /// first), so the authorization stands: an empty identity and a warning instead of a failure.
    /// </summary>
    private static async Task<OutreachIdentity> IdentityAsync(OutreachClient client, Action<string>? warning, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetIdentityAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OutreachApiException ex) when (ex.Category is Errors.FailureCategory.RateLimitExceeded or Errors.FailureCategory.ScheduledMaintenance)
        {
            var when = ex.Failure.RetryAt is { } at ? $" until {at.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z" : "";
            warning?.Invoke($"Connected, but Outreach is not answering requests{when} ({ex.Category}): the authorization is stored and valid; " +
                "the authorizing user is confirmed on the next call. Nothing is sent before Outreach's retry time.");
            return new OutreachIdentity(null, null, null, null, null, []);
        }
    }

    private static async Task<OutreachConnectionInfo> ConnectAsync(LDStore store, OAuthClientCredentials credentials, Uri apiBaseUri,
        Func<OAuthClient, CancellationToken, Task<TokenSet>> grant, OutreachSessionOptions? options, Action<string>? warning, CancellationToken cancellationToken)
    {
        options ??= new OutreachSessionOptions();
        apiBaseUri = OutreachEndpoints.ValidateApiBaseUri(apiBaseUri);
        var pending = new InMemoryTokenStore();
        using var session = OutreachSession.Create(apiBaseUri, credentials, pending, null, options);
        var tokens = await grant(session.OAuth, cancellationToken).ConfigureAwait(false);
        CheckScopes(tokens.Scopes);
        session.Tokens.Adopt(tokens);
        var identity = await IdentityAsync(session.Client, warning, cancellationToken).ConfigureAwait(false);

        // The identity call may have refreshed; take the newest set.
        var final = pending.Load() ?? tokens;
        var info = new OutreachConnectionInfo(credentials.ClientId, apiBaseUri, credentials.RedirectUri, final.Scopes, final.ExpiresAt,
            identity.UserId, identity.UserEmail, DateTimeOffset.UtcNow);

        var protector = options.Protector ?? SecretProtector.CreateDefault();
        var secrets = new SecretRepository(store, protector);
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        secrets.SetMany(connection, new Dictionary<string, string> { [SecretNames.ClientSecret] = credentials.ClientSecret });
        ConnectionRepository.Save(connection, info);
        new StoreTokenStore(secrets).Save(connection, final);
        transaction.Commit();
        return info;
    }
}
