using LeanData.Outreach.Errors;

namespace LeanData.Outreach.Outreach;

/// <summary>
/// A classified failed exchange: the category, the HTTP status (0 when no response arrived), Outreach's
/// error id and message passed through, and when a retry may be sent (rate limit reset or Retry-After).
/// </summary>
public sealed record OutreachFailure(
    FailureCategory Category,
    int StatusCode,
    string? OutreachErrorId,
    string? Message,
    DateTimeOffset? RetryAt = null)
{
    public ErrorDescriptor Descriptor => ErrorCatalog.Get(Category);
    public bool IsRetryable => Descriptor.IsRetryable;

    /// <summary>The request never left: admission (maintenance gate, rate state, client budget) held it until <see cref="RetryAt"/>.</summary>
    public bool NotSent { get; init; }

    /// <summary>The token manager refused to give a token (the refresh was refused: revoked or expired authorization).</summary>
    public bool TokenRefused { get; init; }

    /// <summary>
    /// The authorization itself is not valid now, so no request of this session can succeed until Connect-LDOutreach restores it:
    /// the token was refused, Outreach rejected a freshly refreshed token (the transport refreshes once on a 401 before it says
    /// TokenInvalid), or Outreach said the partner is not authorized. Nothing about the record is wrong.
    /// </summary>
    public bool InvalidatesAuthorization => TokenRefused || Category is FailureCategory.TokenInvalid or FailureCategory.PartnerNotAuthorized;

        /// <summary>The remediation text with the retry time substituted (for a missing scope: naming the scope Outreach named).</summary>
    public string RecommendedAction =>
        Category == FailureCategory.UnauthorizedOAuthScope && ErrorCatalog.ScopeNamedIn(Message) is { } scope
            ? ErrorCatalog.MissingScopeRemedy([scope])
            : Descriptor.FormatRecommendedAction(RetryAt);

    public override string ToString() =>
        $"{Category} (HTTP {StatusCode}{(OutreachErrorId is null ? "" : ", " + OutreachErrorId)}): {Message}";
}
