using LeanData.Outreach.Store;

namespace LeanData.Outreach.Engine.Bulk;

/// <summary>
/// Counts the batch items this org submitted per UTC day (in the store when there is one, so runs and the retry worker
/// share it) against the cap. Outreach's own refusal ("Daily bulk limit reached") marks the day used up. Several
/// processes may each read the count before the other writes it: the server's refusal is the backstop.
/// </summary>
public sealed class BulkDailyCap(long cap, LDStore? store, TimeProvider time)
{
    internal const string SettingsKey = "bulkItemsToday";
    private readonly object _gate = new();
    private DailyUse? _memory;

    /// <summary>Reserves <paramref name="items"/> for a bulk action; false when that would pass the cap (the records then go one by one).</summary>
    public bool TryReserve(int items)
    {
        lock (_gate)
        {
            var use = Current();
            if (use.Items + items > cap) return false;
            Save(use with { Items = use.Items + items });
            return true;
        }
    }

    /// <summary>Gives back a reservation Outreach refused without making a batch.</summary>
    public void Release(int items)
    {
        lock (_gate)
        {
            var use = Current();
            Save(use with { Items = Math.Max(0, use.Items - items) });
        }
    }

    /// <summary>Outreach said the day's cap is reached: nothing more goes in bulk until the next UTC day.</summary>
    public void MarkReached()
    {
        lock (_gate) Save(Current() with { Items = cap });
    }

    private DailyUse Current()
    {
        var today = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var use = (store is null ? _memory : new SettingsRepository(store).Get<DailyUse>(SettingsKey)) ?? new DailyUse(today, 0);
        return use.Day == today ? use : new DailyUse(today, 0);
    }

    private void Save(DailyUse use)
    {
        if (store is null) _memory = use;
        else new SettingsRepository(store).Set(SettingsKey, use);
    }

    private sealed record DailyUse(string Day, long Items);
}
