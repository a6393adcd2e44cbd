namespace LeanData.Outreach.Sandbox.Hosting;

/// <summary>Per-user request budget: <see cref="Limit"/> requests per <see cref="Window"/>. A limit of 0 disables limiting (headers still sent).</summary>
public sealed record RateLimitSettings(int Limit, TimeSpan Window)
{
    public static RateLimitSettings Default { get; } = new(10_000, TimeSpan.FromHours(1));
    public bool Enabled => Limit > 0;
}
