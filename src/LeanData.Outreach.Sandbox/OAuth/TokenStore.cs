using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace LeanData.Outreach.Sandbox.OAuth;

/// <summary>
/// Authorization codes, access tokens and refresh tokens. Only SHA-256 digests of tokens are kept,
/// never the tokens themselves. Refresh tokens rotate: each is good for one refresh.
/// </summary>
public sealed class TokenStore
{
    private readonly ConcurrentDictionary<string, TokenGrant> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TokenGrant> _access = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TokenGrant> _refresh = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public TokenStore(TimeProvider time) => _time = time;

    public int ActiveAccessTokens => _access.Count(kv => kv.Value.ExpiresAt > _time.GetUtcNow());

    public static string Digest(string token)
    {
        Span<byte> hash = stackalloc byte[32];
        var max = Encoding.UTF8.GetMaxByteCount(token.Length);
        Span<byte> buf = max <= 512 ? stackalloc byte[512] : new byte[max];
        var n = Encoding.UTF8.GetBytes(token, buf);
        SHA256.HashData(buf[..n], hash);
        return Convert.ToHexString(hash);
    }

    private static string NewSecret(string prefix) =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public string IssueCode(TokenGrant grant)
    {
        var code = NewSecret("sbc_");
        _codes[Digest(code)] = grant;
        return code;
    }

    /// <summary>Takes (and so uses up) an authorization code.</summary>
    public TokenGrant? RedeemCode(string code)
    {
        if (!_codes.TryRemove(Digest(code), out var grant)) return null;
        return grant.ExpiresAt > _time.GetUtcNow() ? grant : null;
    }

    public TokenIssue Issue(long userId, IReadOnlyList<string> scopes, string clientId, TimeSpan accessTtl, TimeSpan refreshTtl)
    {
        var now = _time.GetUtcNow();
        var access = NewSecret("sba_");
        var refresh = NewSecret("sbr_");
        _access[Digest(access)] = new TokenGrant { UserId = userId, Scopes = scopes, ExpiresAt = now + accessTtl, ClientId = clientId };
        _refresh[Digest(refresh)] = new TokenGrant { UserId = userId, Scopes = scopes, ExpiresAt = now + refreshTtl, ClientId = clientId };
        return new TokenIssue(access, refresh, (int)Math.Round(accessTtl.TotalSeconds), scopes, now.ToUnixTimeSeconds(), userId);
    }

    /// <summary>Takes (and so uses up) a refresh token: rotation.</summary>
    public TokenGrant? RedeemRefresh(string refreshToken, string clientId)
    {
        var key = Digest(refreshToken);
        if (!_refresh.TryGetValue(key, out var grant) || grant.ClientId != clientId) return null;
        if (!_refresh.TryRemove(key, out grant)) return null;
        return grant.ExpiresAt > _time.GetUtcNow() ? grant : null;
    }

    public TokenLookup Lookup(string accessToken)
    {
        if (!_access.TryGetValue(Digest(accessToken), out var grant)) return new TokenLookup(TokenStatus.Invalid, null);
        return grant.ExpiresAt > _time.GetUtcNow() ? new TokenLookup(TokenStatus.Valid, grant) : new TokenLookup(TokenStatus.Expired, grant);
    }

    /// <summary>Revokes one access or refresh token. True when something was revoked.</summary>
    public bool Revoke(string token)
    {
        var key = Digest(token);
        return _access.TryRemove(key, out _) | _refresh.TryRemove(key, out _);
    }

    /// <summary>Revokes every access and refresh token of a user (null: of everyone). Returns how many went.</summary>
    public int RevokeAll(long? userId)
    {
        var n = 0;
        foreach (var dict in new[] { _access, _refresh })
        {
            foreach (var kv in dict)
            {
                if (userId is null || kv.Value.UserId == userId)
                {
                    if (dict.TryRemove(kv.Key, out _)) n++;
                }
            }
        }
        return n;
    }

    /// <summary>Makes every current access token of a user (null: everyone) expire now, as if its TTL had passed.</summary>
    public int ExpireAccessTokens(long? userId)
    {
        var n = 0;
        var now = _time.GetUtcNow().AddSeconds(-1);
        foreach (var kv in _access)
        {
            if (userId is null || kv.Value.UserId == userId)
            {
                _access[kv.Key] = new TokenGrant { UserId = kv.Value.UserId, Scopes = kv.Value.Scopes, ExpiresAt = now, ClientId = kv.Value.ClientId };
                n++;
            }
        }
        return n;
    }

    public void Clear()
    {
        _codes.Clear();
        _access.Clear();
        _refresh.Clear();
    }
}

public enum TokenStatus { Valid, Invalid, Expired }

public readonly record struct TokenLookup(TokenStatus Status, TokenGrant? Grant);
