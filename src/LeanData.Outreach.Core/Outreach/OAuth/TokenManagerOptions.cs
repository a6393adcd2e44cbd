namespace LeanData.Outreach.Outreach.OAuth;

/// <summary>When the token manager refreshes.</summary>
public sealed class TokenManagerOptions
{
    /// <summary>Refresh this long before expiry (capped at a quarter of the token's lifetime, so short-lived test tokens still get used).</summary>
    public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Never refresh more often than this (Outreach answers 429 to minting more than once per 60 s).</summary>
    public TimeSpan MinimumRefreshInterval { get; set; } = TimeSpan.FromSeconds(60);
}
