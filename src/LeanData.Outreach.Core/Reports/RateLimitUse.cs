namespace LeanData.Outreach.Reports;

/// <summary>
/// Requests against the budget: each Outreach user's current window (as Get-LDRateLimitStatus reads it), and
/// for each time bucket the requests made in its busiest budget window beside the client budget.
/// </summary>
public sealed record RateLimitUse(IReadOnlyList<RateLimitUser> Users, int Limit, TimeSpan Window, IReadOnlyList<long> BusiestWindowPerBucket);
