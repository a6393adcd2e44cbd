namespace LeanData.Outreach.Sandbox.OAuth;

/// <summary>What an access token, refresh token or authorization code stands for.</summary>
public sealed class TokenGrant
{
    public long UserId { get; init; }
    public IReadOnlyList<string> Scopes { get; init; } = Array.Empty<string>();
    public DateTimeOffset ExpiresAt { get; init; }
    public string? RedirectUri { get; init; }
    public string ClientId { get; init; } = "";

    /// <summary>Whether the grant covers <paramref name="resource"/>.<paramref name="level"/>; "all" covers read, write and delete.</summary>
    public bool Allows(string resource, string level)
    {
        foreach (var s in Scopes)
        {
            if (s.Length == resource.Length + 4 && s.StartsWith(resource, StringComparison.Ordinal) && s[resource.Length] == '.'
                && string.CompareOrdinal(s, resource.Length + 1, "all", 0, 3) == 0)
                return true;
            if (s.Length == resource.Length + 1 + level.Length && s.StartsWith(resource, StringComparison.Ordinal)
                && s[resource.Length] == '.' && s.EndsWith(level, StringComparison.Ordinal))
                return true;
        }
        return false;
    }
}
