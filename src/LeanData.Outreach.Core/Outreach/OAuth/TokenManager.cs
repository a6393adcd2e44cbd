using LeanData.Outreach.Errors;

namespace LeanData.Outreach.Outreach.OAuth;

/// <summary>
/// Hands out a valid access token. Refreshes shortly before expiry and once after a 401, never more than
/// once per <see cref="TokenManagerOptions.MinimumRefreshInterval"/>; concurrent callers share one refresh
/// (single flight); the rotated token set is saved to the <see cref="ITokenStore"/> before the new access
/// token is handed to anyone. A revoked or expired refresh token raises <see cref="TokenRefreshFailedException"/>.
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

    public DateTimeOffset? LastRefreshAt => lastRefreshAt;

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
            tokens = Volatile.Read(ref current) ?? LoadOrThrow();
            if (!IsDue(tokens)) return tokens.AccessToken;
            var wait = TimeUntilRefreshAllowed();
            if (wait > TimeSpan.Zero)
            {
                // Still valid: keep using it until a refresh is allowed.
                if (tokens.ExpiresAt > time.GetUtcNow()) return tokens.AccessToken;
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }
            return (await RefreshLockedAsync(tokens, cancellationToken).ConfigureAwait(false)).AccessToken;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// After a 401 with <paramref name="rejectedAccessToken"/>: refresh once (shared by every caller that saw the
    /// same token rejected) and return the new access token; null when a refresh happened within the minimum
    /// interval and the token was still rejected (the caller reports TokenInvalid).
    /// </summary>
    public async Task<string?> RefreshAfterUnauthorizedAsync(string rejectedAccessToken, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var tokens = Volatile.Read(ref current) ?? LoadOrThrow();
            if (!string.Equals(tokens.AccessToken, rejectedAccessToken, StringComparison.Ordinal))
                return tokens.AccessToken; // someone else already refreshed
            if (TimeUntilRefreshAllowed() > TimeSpan.Zero) return null;
            return (await RefreshLockedAsync(tokens, cancellationToken).ConfigureAwait(false)).AccessToken;
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
        var loaded = store.Load() ?? throw new TokenRefreshFailedException(ErrorCatalog.OutreachNotConnected,
            "No Outreach authorization is stored.");
        Interlocked.CompareExchange(ref current, loaded, null);
        return Volatile.Read(ref current)!;
    }

    private bool IsDue(TokenSet tokens)
    {
        var lifetime = tokens.ExpiresAt - tokens.IssuedAt;
        var margin = lifetime > TimeSpan.Zero ? TimeSpan.FromTicks(Math.Min(options.RefreshBeforeExpiry.Ticks, lifetime.Ticks / 4)) : options.RefreshBeforeExpiry;
        return tokens.ExpiresWithin(margin, time.GetUtcNow());
    }

    private TimeSpan TimeUntilRefreshAllowed()
    {
        if (lastRefreshAt is not { } last) return TimeSpan.Zero;
        var remaining = last + options.MinimumRefreshInterval - time.GetUtcNow();
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    private async Task<TokenSet> RefreshLockedAsync(TokenSet tokens, CancellationToken cancellationToken)
    {
        TokenSet refreshed;
        try
        {
            refreshed = await oauth.RefreshAsync(tokens.RefreshToken, cancellationToken).ConfigureAwait(false);
        }
        catch (TokenRefreshFailedException)
        {
            throw;
        }
        catch (OAuthException ex) when (ex.Category == FailureCategory.ConfigurationError)
        {
            throw new TokenRefreshFailedException(ex.Error, ex.Message, ex);
        }
        // Only a minted token counts against the once-a-minute rule; a failed attempt minted nothing.
        lastRefreshAt = time.GetUtcNow();
        if (refreshed.Scopes.Count == 0) refreshed = refreshed with { Scopes = tokens.Scopes };
        store.Save(refreshed); // persist the rotated refresh token before anyone uses the new access token
        Volatile.Write(ref current, refreshed);
        RefreshCount++;
        TokenRefreshed?.Invoke(refreshed);
        return refreshed;
    }
}
