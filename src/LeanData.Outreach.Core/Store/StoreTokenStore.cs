using LeanData.Outreach.Outreach.OAuth;

namespace LeanData.Outreach.Store;

/// <summary>
/// <see cref="ITokenStore"/> over the store: access and refresh tokens encrypted in <c>secrets</c>, expiry and
/// scopes in the connection settings — written in one SQLite transaction.
/// </summary>
public sealed class StoreTokenStore(SecretRepository secrets, ConnectionRepository connections) : ITokenStore
{
    internal SecretRepository Secrets => secrets;
    internal ConnectionRepository Connections => connections;
    public TokenSet? Load() => throw new NotImplementedException();
    public void Save(TokenSet tokens) => throw new NotImplementedException();
    public void Clear() => throw new NotImplementedException();
}
