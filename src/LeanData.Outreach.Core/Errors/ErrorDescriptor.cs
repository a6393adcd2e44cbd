namespace LeanData.Outreach.Errors;

/// <summary>
/// Everything the module says about one <see cref="FailureCategory"/>: the stable error id, the PowerShell
/// ErrorCategory name (Core cannot reference System.Management.Automation, so the cmdlet layer parses it),
/// whether it qualifies for durable retry, the partner-log failure reason and the remediation text.
/// </summary>
public sealed record ErrorDescriptor(
    FailureCategory Category,
    string PowerShellCategory,
    bool IsRetryable,
    string? FailureReason,
    string Title,
    string RecommendedAction)
{
    /// <summary>The stable error id: the enum member's name, used as the FullyQualifiedErrorId prefix.</summary>
    public string ErrorId => Category.ToString();

    /// <summary>
    /// The remediation text with the retry time placeholders (<c>{X-RateLimit-Reset}</c>, <c>{Retry-After}</c>)
    /// replaced by <paramref name="retryAt"/> in ISO-8601 UTC; without a time they read "the reset time".
    /// </summary>
    public string FormatRecommendedAction(DateTimeOffset? retryAt)
    {
        var when = retryAt is { } at
            ? at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)
            : "the time Outreach gives";
        return RecommendedAction
            .Replace(ErrorCatalog.RateLimitResetPlaceholder, when, StringComparison.Ordinal)
            .Replace(ErrorCatalog.RetryAfterPlaceholder, when, StringComparison.Ordinal);
    }
}
