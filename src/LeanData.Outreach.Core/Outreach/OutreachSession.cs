using LeanData.Outreach.Outreach.OAuth;
using LeanData.Outreach.Store;

namespace LeanData.Outreach.Outreach;

/// <summary>
/// Everything needed to talk to Outreach as the stored connection: the HttpClient, the OAuth client, the token
/// manager over the store's encrypted tokens, and the <see cref="OutreachClient"/>. Build one with
/// <see cref="FromStore"/>; dispose it when done.
/// </summary>
public sealed class OutreachSession : IDisposable
{
    private OutreachSession() => throw new NotImplementedException();

    public OutreachConnectionInfo Connection => throw new NotImplementedException();
    public OAuthClient OAuth => throw new NotImplementedException();
    public TokenManager Tokens => throw new NotImplementedException();
    public OutreachClient Client => throw new NotImplementedException();

    /// <summary>
    /// Opens a session on the store's connection. Throws <see cref="TokenRefreshFailedException"/> (id
    /// OutreachNotConnected, category ConfigurationError) when nothing is stored.
    /// </summary>
    public static OutreachSession FromStore(LDStore store, OutreachSessionOptions? options = null) => throw new NotImplementedException();

    public void Dispose() => throw new NotImplementedException();
}
