namespace LeanData.Outreach.Outreach.OAuth;

/// <summary>An access token, its refresh token, expiry and granted scopes. <see cref="ToString"/> never shows a token.</summary>
public sealed record TokenSet(string AccessToken, string RefreshToken, DateTimeOffset ExpiresAt, IReadOnlyList<string> Scopes, DateTimeOffset IssuedAt)
{
    public bool ExpiresWithin(TimeSpan margin, DateTimeOffset now) => ExpiresAt - margin <= now;

    /// <summary>The time between issue and expiry (zero when unknown or nonsensical).</summary>
    public TimeSpan Lifetime => ExpiresAt > IssuedAt ? ExpiresAt - IssuedAt : TimeSpan.Zero;

    /// <summary>Whether two sets carry the same access and refresh token (the same grant, whatever its metadata).</summary>
    public static bool SameTokens(TokenSet a, TokenSet b) =>
        string.Equals(a.AccessToken, b.AccessToken, StringComparison.Ordinal) && string.Equals(a.RefreshToken, b.RefreshToken, StringComparison.Ordinal);

    public override string ToString() =>
        $"TokenSet {{ ExpiresAt = {ExpiresAt:O}, IssuedAt = {IssuedAt:O}, Scopes = {string.Join(" ", Scopes)} }}";
}
