namespace LeanData.Outreach.Sandbox.OAuth;

/// <summary>OAuth behaviour the admin API can change at run time.</summary>
public sealed class OAuthSettings
{
    /// <summary>Scopes a consent grants when the authorize request names none.</summary>
    public static readonly IReadOnlyList<string> AllScopes = new[]
    {
        "users.all", "mailboxes.all", "sequences.all", "sequenceSteps.all", "prospects.all",
        "rulesets.all", "sequenceStates.all", "batches.all",
    };

    /// <summary>The Bulk API's scope resource (batches.read, batches.write, batches.all).</summary>
    public const string BatchesResource = "batches";

    /// <summary>Whether a scope is one of the Bulk API's.</summary>
    public static bool IsBatchScope(string scope) => scope.StartsWith(BatchesResource + ".", StringComparison.Ordinal);

    public string ClientId { get; set; } = "ld-demo-client";
    public string ClientSecret { get; set; } = "ld-demo-secret";
    public TimeSpan AccessTokenTtl { get; set; } = TimeSpan.FromSeconds(7200);
    public TimeSpan RefreshTokenTtl { get; set; } = TimeSpan.FromDays(14);
    /// <summary>When true, /oauth/authorize redirects with error=access_denied.</summary>
    public bool DenyAuthorize { get; set; }
    /// <summary>When set, the scopes granted are the requested ones intersected with this list.</summary>
    public IReadOnlyList<string>? GrantedScopes { get; set; }
    /// <summary>The user who "approves" the consent when the authorize request names none (sandbox's user_id parameter).</summary>
    public long AuthorizeUserId { get; set; } = 1;
    /// <summary>False: authorize and refresh never grant batches.* (a connection without the Bulk API).</summary>
    public bool GrantBatchScopes { get; set; } = true;

    public OAuthSettings Clone() => (OAuthSettings)MemberwiseClone();
}
