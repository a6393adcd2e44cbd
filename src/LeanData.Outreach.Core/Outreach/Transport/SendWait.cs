namespace LeanData.Outreach.Outreach.Transport;

/// <summary>The transport is holding requests back: why (Outreach's maintenance window, its rate limit), until when, and for how long.</summary>
public sealed record SendWait(string Reason, DateTimeOffset Until, TimeSpan Duration);
