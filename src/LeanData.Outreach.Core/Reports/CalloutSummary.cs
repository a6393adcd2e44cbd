namespace LeanData.Outreach.Reports;

/// <summary>
/// The callouts of the report's actions: status codes, durations (p50/p95 overall and per status code, and a
/// histogram), and the failure reasons as the Partner Logs Report names them (counted once per action).
/// </summary>
public sealed record CalloutSummary(
    long Total,
    long P50Ms,
    long P95Ms,
    IReadOnlyList<StatusCodeSummary> StatusCodes,
    IReadOnlyList<CountedLabel> Durations,
    IReadOnlyList<CountedLabel> FailureReasons)
{
    /// <summary>Histogram bins as (label, exclusive upper bound in ms); the last is open.</summary>
    public static IReadOnlyList<(string Label, long? BelowMs)> DurationBins { get; } =
    [
        ("< 100 ms", 100),
        ("100-250 ms", 250),
        ("250-500 ms", 500),
        ("0.5-1 s", 1_000),
        ("1-2 s", 2_000),
        ("2-5 s", 5_000),
        ("5-10 s", 10_000),
        (">= 10 s", null),
    ];
}
