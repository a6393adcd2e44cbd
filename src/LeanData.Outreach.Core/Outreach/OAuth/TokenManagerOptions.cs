namespace LeanData.Outreach.Outreach.OAuth;

/// <summary>When the token manager refreshes.</summary>
public sealed class TokenManagerOptions
{
    /// <summary>Refresh this long before expiry (capped at a quarter of the token's lifetime, so short-lived test tokens still get used).</summary>
    public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Never refresh more often than this (Outreach answers 429 to minting more than once per 60 s); capped at half
    /// the token's lifetime, since a server handing out shorter-lived tokens must let them be renewed.
    /// </summary>
    public TimeSpan MinimumRefreshInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one token request may take before it counts as a transient failure (it runs under the store's refresh lock).</summary>
    public TimeSpan RefreshTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
