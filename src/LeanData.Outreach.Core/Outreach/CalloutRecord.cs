namespace LeanData.Outreach.Outreach;

/// <summary>
/// One HTTP exchange with Outreach, for the partner log. <see cref="StatusCode"/> is 0 when no response came.
/// <see cref="Summary"/> is a short description (error id and detail, or the created id) — never headers or tokens.
/// </summary>
public sealed record CalloutRecord(
    string Method,
    string Path,
    int StatusCode,
    DateTimeOffset Started,
    long DurationMs,
    string? Summary,
    string? FailureReason);
