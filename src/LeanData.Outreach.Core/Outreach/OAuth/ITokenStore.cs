namespace LeanData.Outreach.Outreach.OAuth;

/// <summary>
/// Where the token set lives. <see cref="Save"/> must be atomic (both tokens and expiry or nothing) and
/// durable before it returns: the token manager persists a rotated refresh token before using the new access token.
/// </summary>
public interface ITokenStore
{
    TokenSet? Load();
    void Save(TokenSet tokens);
    void Clear();
}
