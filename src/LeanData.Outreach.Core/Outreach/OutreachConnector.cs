using LeanData.Outreach.Outreach.OAuth;
using LeanData.Outreach.Store;

namespace LeanData.Outreach.Outreach;

/// <summary>
/// The Connect-/Disconnect-LDOutreach work: redeem a code or refresh token, check the granted scopes
/// (<see cref="MissingScopeException"/>), read the identity, and persist client secret, tokens (encrypted)
/// and connection metadata. Nothing is stored when a step fails.
/// </summary>
public static class OutreachConnector
{
    /// <summary>Connects with an authorization code (interactive or pasted).</summary>
    public static Task<OutreachConnectionInfo> ConnectWithCodeAsync(LDStore store, OAuthClientCredentials credentials, Uri apiBaseUri, string code, OutreachSessionOptions? options, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    /// <summary>Connects with a refresh token (unattended).</summary>
    public static Task<OutreachConnectionInfo> ConnectWithRefreshTokenAsync(LDStore store, OAuthClientCredentials credentials, Uri apiBaseUri, string refreshToken, OutreachSessionOptions? options, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    /// <summary>Re-validates the stored connection (refreshing if needed) and returns it.</summary>
    public static Task<OutreachConnectionInfo> ReconnectFromStoreAsync(LDStore store, OutreachSessionOptions? options, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    /// <summary>Forgets tokens, client secret and connection metadata. Returns false when nothing was stored.</summary>
    public static bool Disconnect(LDStore store, Security.ISecretProtector? protector = null) => throw new NotImplementedException();
}
