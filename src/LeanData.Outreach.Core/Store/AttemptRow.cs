using LeanData.Outreach.Errors;
using LeanData.Outreach.Outcomes;

namespace LeanData.Outreach.Store;

/// <summary>One attempt at an action: one enrollment call (whatever quick retries it made inside), alone or as one of a bulk action's items.</summary>
public sealed record AttemptRow(int AttemptNumber, DateTimeOffset StartedAt, int? HttpStatus, FailureCategory Category, string? Message, long DurationMs,
    SendPath Via = SendPath.Single);
