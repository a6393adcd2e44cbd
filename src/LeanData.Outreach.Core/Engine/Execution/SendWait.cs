namespace LeanData.Outreach.Engine.Execution;

/// <summary>The executor is holding requests back: why (Outreach's maintenance window, its rate limit), until when, and for how long.</summary>
public sealed record SendWait(string Reason, DateTimeOffset Until, TimeSpan Duration);
