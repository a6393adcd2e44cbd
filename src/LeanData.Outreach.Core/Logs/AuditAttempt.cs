using System.Globalization;

namespace LeanData.Outreach.Logs;

/// <summary>One attempt in an audit entry's trail: when, the HTTP status, the category, Outreach's message, how long.</summary>
public sealed class AuditAttempt
{
    public int Number { get; init; }
    public DateTimeOffset Time { get; init; }
    public int? HttpStatus { get; init; }
    public string? ErrorCategory { get; init; }
    public string? Message { get; init; }
    public long DurationMs { get; init; }
    /// <summary>Bulk (one of a Bulk API action's items) or Single (its own POST); null for attempts stored before this was recorded.</summary>
    public string? Via { get; init; }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"#{Number} {Time.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} {(HttpStatus is { } s ? s.ToString(CultureInfo.InvariantCulture) : "-")} {ErrorCategory ?? "OK"} {DurationMs}ms{(Via is null ? "" : " " + Via)}");
}
