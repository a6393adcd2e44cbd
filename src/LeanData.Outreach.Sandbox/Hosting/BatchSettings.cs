namespace LeanData.Outreach.Sandbox.Hosting;

/// <summary>
/// How the Bulk API behaves: items enrolled per second of the sandbox's clock, and the org's daily cap on batch
/// items (5,000,000 per org per day is from a secondary source, reference/outreach-api-notes.md §3).
/// </summary>
public sealed record BatchSettings(int ItemsPerSecond, long DailyItemCap)
{
    /// <summary>Outreach's documented limit of ids in one bulk request.</summary>
    public const int MaxIdsPerRequest = 100_000;

    /// <summary>Fast: 100,000 items take 2 s of the sandbox's clock.</summary>
    public static BatchSettings Default { get; } = new(50_000, 5_000_000);
}
