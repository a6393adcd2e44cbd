namespace LeanData.Outreach.Reports;

/// <summary>Callouts answered with one HTTP status code, with their duration percentiles in milliseconds.</summary>
public sealed record StatusCodeSummary(int StatusCode, long Count, long P50Ms, long P95Ms);
