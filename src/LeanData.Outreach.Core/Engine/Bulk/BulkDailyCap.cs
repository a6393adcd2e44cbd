using LeanData.Outreach.Store;

namespace LeanData.Outreach.Engine.Bulk;

/// <summary>
/// Counts the batch items this org submitted per UTC day against the cap (<see cref="Configuration.RateLimitSettings.BulkItemsPerDay"/>).
/// With a store the count lives in it, updated under the store's write lock, so every run and retry worker on the store
/// shares one count; without one (tests) it is kept in memory. Outreach's own refusal ("Daily bulk limit reached") marks
/// the day used up.
/// </summary>
public sealed class BulkDailyCap
{
    internal const string SettingsKey = "bulkItemsToday";
    private readonly long _cap;
    private readonly LDStore? _store;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private DailyUse? _memory;

    public BulkDailyCap(long cap, LDStore? store, TimeProvider time)
    {
        _cap = cap;
        _store = store;
        _time = time;
    }

    /// <summary>Under -WhatIf: a copy in memory that starts from the store's count for today and writes nothing back.</summary>
    public static BulkDailyCap Preview(long cap, LDStore store, TimeProvider time)
    {
        var preview = new BulkDailyCap(cap, null, time);
        preview._memory = store.Exists ? new SettingsRepository(store).Get<DailyUse>(SettingsKey) : null;
        return preview;
    }

    /// <summary>Reserves <paramref name="items"/> for a bulk action; false when that would pass the cap (the records then go one by one).</summary>
    public bool TryReserve(int items)
    {
        var reserved = false;
        Change(use =>
        {
            reserved = use.Items + items <= _cap;
            return reserved ? use with { Items = use.Items + items } : use;
        });
        return reserved;
    }

    /// <summary>Gives back a reservation Outreach refused without making a batch.</summary>
    public void Release(int items) => Change(use => use with { Items = Math.Max(0, use.Items - items) });

    /// <summary>Outreach said the day's cap is reached: nothing more goes in bulk until the next UTC day.</summary>
    public void MarkReached() => Change(use => use with { Items = Math.Max(use.Items, _cap) });

    private void Change(Func<DailyUse, DailyUse> change)
    {
        var today = _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        DailyUse Today(DailyUse? use) => use is { } u && u.Day == today ? u : new DailyUse(today, 0);
        if (_store is not null)
        {
            new SettingsRepository(_store).Update<DailyUse>(SettingsKey, use => change(Today(use)));
            return;
        }
        lock (_gate) _memory = change(Today(_memory));
    }

    internal sealed record DailyUse(string Day, long Items);
}
