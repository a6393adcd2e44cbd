using LeanData.Outreach.Errors;

namespace LeanData.Outreach.Outreach.OAuth;

/// <summary>
/// Hands out a valid access token. Refreshes shortly before expiry and once after a 401, never more than
/// once per <see cref="TokenManagerOptions.MinimumRefreshInterval"/>; concurrent callers share one refresh
/// (single flight). The token set may be shared with other processes through the <see cref="ITokenStore"/>:
/// a refresh happens under the store's refresh lock, re-reads the stored set inside it and adopts a newer one
/// another process saved instead of spending a refresh token that was already used; the rotated set is saved
/// (only over the set it was refreshed from) before the new access token is handed to anyone. A refused
/// refresh is retried once with the store's newer tokens if there are any; a revoked or expired refresh token
/// raises <see cref="TokenRefreshFailedException"/>, and that refresh token is not sent again.
/// </summary>
public sealed class TokenManager
{
    private readonly OAuthClient oauth;
    private readonly ITokenStore store;
    private readonly TokenManagerOptions options;
    private readonly TimeProvider time;
    private readonly SemaphoreSlim gate = new(1, 1);
    private TokenSet? current;
    private DateTimeOffset? lastRefreshAt;
    private (string RefreshToken, TokenRefreshFailedException Failure)? refused;

    public TokenManager(OAuthClient oauth, ITokenStore store, TokenManagerOptions? options = null, TimeProvider? time = null)
    {
        this.oauth = oauth;
        this.store = store;
        this.options = options ?? new TokenManagerOptions();
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>The token set in use (never print it; its ToString hides the tokens).</summary>
    public TokenSet? Current => Volatile.Read(ref current) ?? store.Load();

    /// <summary>How many refreshes this manager performed.</summary>
    public int RefreshCount { get; private set; }


    /// <summary>Raised after a refreshed token set was persisted.</summary>
    public event Action<TokenSet>? TokenRefreshed;

    /// <summary>A valid access token, refreshing first when the current one is (nearly) expired.</summary>
    public async Task<string> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        var tokens = Volatile.Read(ref current) ?? LoadOrThrow();
        if (!IsDue(tokens)) return tokens.AccessToken;

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            tokens = AdoptNewerStored(Volatile.Read(ref current) ?? LoadOrThrow());
            if (!IsDue(tokens)) return tokens.AccessToken;
            var wait = TimeUntilRefreshAllowed(tokens);
            if (wait > TimeSpan.Zero)
            {
                // Still valid: keep using it until a refresh is allowed.
                if (tokens.ExpiresAt > time.GetUtcNow()) return tokens.AccessToken;
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }
            return (await RefreshSharedAsync(tokens, IsDue, cancellationToken).ConfigureAwait(false)).AccessToken;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// After a 401 with <paramref name="rejectedAccessToken"/>: refresh once (shared by every caller, in this process or
    /// another on the same store, that saw the same token rejected) and return the new access token; null when a refresh
    /// happened within the minimum interval and the token was still rejected (the caller reports TokenInvalid).
    /// </summary>
    public async Task<string?> RefreshAfterUnauthorizedAsync(string rejectedAccessToken, CancellationToken cancellationToken)
    {
        bool Rejected(TokenSet t) => string.Equals(t.AccessToken, rejectedAccessToken, StringComparison.Ordinal);

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var tokens = AdoptNewerStored(Volatile.Read(ref current) ?? LoadOrThrow());
            if (!Rejected(tokens)) return tokens.AccessToken; // someone else already refreshed
            if (TimeUntilRefreshAllowed(tokens) > TimeSpan.Zero) return null;
            return (await RefreshSharedAsync(tokens, Rejected, cancellationToken).ConfigureAwait(false)).AccessToken;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Adopts a freshly granted token set (Connect): persists it first, then uses it.</summary>
    public void Adopt(TokenSet tokens)
    {
        store.Save(tokens);
        Volatile.Write(ref current, tokens);
    }

    private TokenSet LoadOrThrow()
    {
        var loaded = store.Load() ?? throw NotConnected();
        Interlocked.CompareExchange(ref current, loaded, null);
        return Volatile.Read(ref current)!;
    }

    private static TokenRefreshFailedException NotConnected() =>
        new(ErrorCatalog.OutreachNotConnected, "No Outreach authorization is stored.");

    /// <summary>The stored set when it differs from <paramref name="held"/> (another process refreshed, or a reconnect); else <paramref name="held"/>.</summary>
    private TokenSet AdoptNewerStored(TokenSet held)
    {
        var stored = store.Load();
        if (stored is null || TokenSet.SameTokens(stored, held)) return held;
        Volatile.Write(ref current, stored);
        return stored;
    }

    private bool IsDue(TokenSet tokens)
    {
        var lifetime = tokens.Lifetime;
        var margin = lifetime > TimeSpan.Zero ? TimeSpan.FromTicks(Math.Min(options.RefreshBeforeExpiry.Ticks, lifetime.Ticks / 4)) : options.RefreshBeforeExpiry;
        return tokens.ExpiresWithin(margin, time.GetUtcNow());
    }

    private TimeSpan TimeUntilRefreshAllowed(TokenSet tokens)
    {
        if (lastRefreshAt is not { } last) return TimeSpan.Zero;
        var lifetime = tokens.Lifetime;
        var interval = lifetime > TimeSpan.Zero ? TimeSpan.FromTicks(Math.Min(options.MinimumRefreshInterval.Ticks, lifetime.Ticks / 2)) : options.MinimumRefreshInterval;
        var remaining = last + interval - time.GetUtcNow();
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    /// <summary>
    /// Refreshes <paramref name="held"/> under the store's refresh lock, unless the stored set changed meanwhile and no
    /// longer needs it (<paramref name="stillNeeded"/>): then that one is used.
    /// </summary>
    private async Task<TokenSet> RefreshSharedAsync(TokenSet held, Func<TokenSet, bool> stillNeeded, CancellationToken cancellationToken)
    {
        ThrowIfRefused(held);
        // Long enough for the token request and its one retry; a holder that dies is found out sooner on its own host.
        using var refreshLock = await store.AcquireRefreshLockAsync(options.RefreshTimeout * 3, cancellationToken).ConfigureAwait(false);
        var tokens = store.Load() ?? throw NotConnected();
        if (!TokenSet.SameTokens(tokens, held))
        {
            Volatile.Write(ref current, tokens);
            if (!stillNeeded(tokens)) return tokens;
        }
        TokenSet refreshed;
        try
        {
            refreshed = await RequestRefreshAsync(tokens, cancellationToken).ConfigureAwait(false);
        }
        catch (TokenRefreshFailedException)
        {
            // Refused: if the store holds newer tokens (saved by a process that did not wait for the lock, or by
            // Connect-LDOutreach), use those before declaring the authorization invalid.
            var newer = store.Load();
            if (newer is null || TokenSet.SameTokens(newer, tokens)) throw;
            Volatile.Write(ref current, newer);
            if (!stillNeeded(newer)) return newer;
            tokens = newer;
            refreshed = await RequestRefreshAsync(tokens, cancellationToken).ConfigureAwait(false);
        }
        return Persist(tokens, refreshed);
    }

    private void ThrowIfRefused(TokenSet tokens)
    {
        if (refused is { } r && string.Equals(r.RefreshToken, tokens.RefreshToken, StringComparison.Ordinal))
            throw new TokenRefreshFailedException(r.Failure.Error, r.Failure.Message, r.Failure);
    }

    private async Task<TokenSet> RequestRefreshAsync(TokenSet tokens, CancellationToken cancellationToken)
    {
        ThrowIfRefused(tokens);
        using var timeout = new CancellationTokenSource(options.RefreshTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await oauth.RefreshAsync(tokens.RefreshToken, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new OAuthException(ErrorCatalog.OAuthServerError, FailureCategory.Transient,
                $"The Outreach token endpoint did not answer within {options.RefreshTimeout.TotalSeconds:0.#} s.",
                ErrorCatalog.RecommendedActionFor(FailureCategory.Transient), 0, null);
        }
        catch (TokenRefreshFailedException ex)
        {
            refused = (tokens.RefreshToken, ex);
            throw;
        }
        catch (OAuthException ex) when (ex.Category == FailureCategory.ConfigurationError)
        {
            var failure = new TokenRefreshFailedException(ex.Error, ex.Message, ex);
            refused = (tokens.RefreshToken, failure);
            throw failure;
        }
    }

    private TokenSet Persist(TokenSet from, TokenSet refreshed)
    {
        // Only a minted token counts against the once-a-minute rule; a failed attempt minted nothing.
        lastRefreshAt = time.GetUtcNow();
        if (refreshed.Scopes.Count == 0) refreshed = refreshed with { Scopes = from.Scopes };
        // Persist the rotated refresh token before anyone uses the new access token, and never over a set that
        // replaced the one refreshed (a reconnect meanwhile wins: its authorization is the one the admin chose).
        if (!store.SaveIfUnchanged(from, refreshed))
        {
            var stored = store.Load() ?? throw NotConnected();
            Volatile.Write(ref current, stored);
            return stored;
        }
        Volatile.Write(ref current, refreshed);
        RefreshCount++;
        TokenRefreshed?.Invoke(refreshed);
        return refreshed;
    }
}
