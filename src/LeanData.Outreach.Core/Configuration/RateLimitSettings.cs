using System.Text.Json.Serialization;
using LeanData.Outreach.Outcomes;

namespace LeanData.Outreach.Configuration;

/// <summary>
/// The client-side request budget per Outreach user. Outreach documents 10,000 requests per user per hour;
/// the reference document says 5,000 and the Salesforce sync plugin shares the budget, so 5,000/hour is the default.
/// The server's X-RateLimit headers always win over this budget.
/// </summary>
public sealed record RateLimitSettings(int Limit, TimeSpan WindowSpan)
{
    /// <summary>The window. Internal so ConvertTo-Json writes <see cref="Window"/> (see <see cref="TimeSpanText"/>); stored as before.</summary>
    [JsonInclude, JsonPropertyName("window")]
    internal TimeSpan WindowSpan { get; init; } = WindowSpan;

    /// <summary>The window as text; PowerShell reads Window as a TimeSpan (LeanData.Outreach.Types.ps1xml).</summary>
    [JsonIgnore]
    public string Window => TimeSpanText.Of(WindowSpan);

    public const string SettingsKey = "rateLimit";
    public const int DefaultLimit = 5_000;
    public const int MaxLimit = 10_000_000;
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(1);
    public static RateLimitSettings Default { get; } = new(DefaultLimit, DefaultWindow);

    public RateLimitSettings Validated()
    {
        if (Limit is < 1 or > MaxLimit)
            throw new ConfigurationValueException(nameof(Limit), Limit, $"The request budget must be between 1 and {MaxLimit} per window (got {Limit}).");
        if (WindowSpan < TimeSpan.FromSeconds(1) || WindowSpan > TimeSpan.FromDays(1))
            throw new ConfigurationValueException(nameof(Window), WindowSpan, $"The rate-limit window must be between 1 second and 1 day (got {Window}).");
        return this;
    }
}
