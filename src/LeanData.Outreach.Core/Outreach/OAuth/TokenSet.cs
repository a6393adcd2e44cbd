namespace LeanData.Outreach.Outreach.OAuth;

/// <summary>An access token, its refresh token, expiry and granted scopes. <see cref="ToString"/> never shows a token.</summary>
public sealed record TokenSet(string AccessToken, string RefreshToken, DateTimeOffset ExpiresAt, IReadOnlyList<string> Scopes, DateTimeOffset IssuedAt)
{
    public bool ExpiresWithin(TimeSpan margin, DateTimeOffset now) => ExpiresAt - margin <= now;

    public override string ToString() =>
        $"TokenSet {{ ExpiresAt = {ExpiresAt:O}, IssuedAt = {IssuedAt:O}, Scopes = {string.Join(" ", Scopes)} }}";
}
