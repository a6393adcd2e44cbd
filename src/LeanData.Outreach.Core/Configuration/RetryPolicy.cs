using System.Text.Json.Serialization;
using LeanData.Outreach.Outcomes;

namespace LeanData.Outreach.Configuration;

/// <summary>
/// The reference document's "Retry Action In": how long to wait after a retry-qualifying failure, and how
/// many further attempts are made before the action becomes Error ("Retry attempt exceeded").
/// </summary>
public sealed record RetryPolicy(TimeSpan IntervalSpan, int MaxAttempts)
{
    /// <summary>The interval. Internal so ConvertTo-Json writes <see cref="Interval"/> (see <see cref="TimeSpanText"/>); stored as before.</summary>
    [JsonInclude, JsonPropertyName("interval")]
    internal TimeSpan IntervalSpan { get; init; } = IntervalSpan;

    /// <summary>The interval as text; PowerShell reads Interval as a TimeSpan (LeanData.Outreach.Types.ps1xml).</summary>
    [JsonIgnore]
    public string Interval => TimeSpanText.Of(IntervalSpan);

    public const string SettingsKey = "retryPolicy";
    public const int DefaultMaxAttempts = 6;
    public const int MaxAllowedAttempts = 100;
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan MaxInterval = TimeSpan.FromDays(30);
    public static RetryPolicy Default { get; } = new(DefaultInterval, DefaultMaxAttempts);

    public RetryPolicy Validated()
    {
        if (IntervalSpan <= TimeSpan.Zero)
            throw new ConfigurationValueException(nameof(Interval), IntervalSpan, $"The retry interval must be greater than zero (got {Interval}).");
        if (IntervalSpan > MaxInterval)
            throw new ConfigurationValueException(nameof(Interval), IntervalSpan, $"The retry interval must be at most {MaxInterval.TotalDays} days (got {Interval}).");
        if (MaxAttempts is < 0 or > MaxAllowedAttempts)
            throw new ConfigurationValueException(nameof(MaxAttempts), MaxAttempts, $"MaxAttempts must be between 0 and {MaxAllowedAttempts} (got {MaxAttempts}).");
        return this;
    }
}
