using System.Globalization;

namespace LeanData.Outreach.Logs;

/// <summary>One response in a partner log entry's Callout History.</summary>
public sealed class PartnerCallout
{
    public DateTimeOffset Time { get; init; }
    public string Method { get; init; } = "";
    public string Path { get; init; } = "";
    public int StatusCode { get; init; }
    public long DurationMs { get; init; }
    public string? Response { get; init; }
    public string? FailureReason { get; init; }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Time.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} {Method} {Path} {StatusCode} {DurationMs}ms{(Response is null ? "" : " " + Response)}");
}
