namespace LeanData.Outreach.Reports;

/// <summary>One Outreach user's budget as Get-LDRateLimitStatus reads it: requests in the current client window, and the last server headers.</summary>
public sealed record RateLimitUser(
    long OutreachUserId,
    string? UserName,
    long Used,
    long Remaining,
    int Limit,
    int? ServerLimit,
    int? ServerRemaining,
    DateTimeOffset? ServerResetAt)
{
    public string Label => UserName is null ? $"User {OutreachUserId}" : $"{UserName} ({OutreachUserId})";
}
