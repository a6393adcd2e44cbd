namespace LeanData.Outreach.Configuration;

/// <summary>
/// Outreach's daily cap on Bulk API batch items per org: 5,000,000 according to a secondary source (Outreach's own
/// documentation is silent), so it is a setting. Invoke-LDAddToSequence and the retry worker read it; past it, records
/// take the per-record path within the request budget. 0 turns bulk enrollment off.
/// </summary>
public sealed record BulkLimit(long ItemsPerDay)
{
    public const string SettingsKey = "bulkLimit";
    public const long DefaultItemsPerDay = 5_000_000;
    public const long MaxItemsPerDay = 1_000_000_000;
    public static BulkLimit Default { get; } = new(DefaultItemsPerDay);

    public BulkLimit Validated() => ItemsPerDay is < 0 or > MaxItemsPerDay
        ? throw new ConfigurationValueException(nameof(ItemsPerDay), ItemsPerDay, $"The daily bulk cap must be between 0 and {MaxItemsPerDay} batch items (got {ItemsPerDay}).")
        : this;
}
