using LeanData.Outreach.Errors;

namespace LeanData.Outreach.Store;

/// <summary>One attempt at an action: one enrollment call (whatever quick retries it made inside).</summary>
public sealed record AttemptRow(int AttemptNumber, DateTimeOffset StartedAt, int? HttpStatus, FailureCategory Category, string? Message, long DurationMs);
