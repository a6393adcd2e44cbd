namespace LeanData.Outreach.Outreach.OAuth;

/// <summary>
/// Where the token set lives, possibly shared by several processes. <see cref="Save"/> must be atomic (both
/// tokens and expiry or nothing) and durable before it returns: the token manager persists a rotated refresh
/// token before using the new access token.
/// </summary>
public interface ITokenStore
{
    TokenSet? Load();
    void Save(TokenSet tokens);

    /// <summary>
    /// Saves <paramref name="tokens"/> only if the stored set is still <paramref name="expected"/> (same access and
    /// refresh token), atomically; false when something else replaced it meanwhile (a reconnect).
    /// </summary>
    bool SaveIfUnchanged(TokenSet expected, TokenSet tokens);

    void Clear();

    /// <summary>
    /// Waits for the lock under which one holder at a time (across every process sharing this store) refreshes the
    /// token set; dispose the result to give it back. <paramref name="holdFor"/> is how long a holder that never
    /// gives it back (hung or dead) keeps the others waiting.
    /// </summary>
    Task<IDisposable> AcquireRefreshLockAsync(TimeSpan holdFor, CancellationToken cancellationToken);
}
