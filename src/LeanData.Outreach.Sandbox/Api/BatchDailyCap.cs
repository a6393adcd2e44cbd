namespace LeanData.Outreach.Sandbox.Api;

/// <summary>Batch items accepted today (UTC day of the sandbox's clock) for the sandbox's one org. Caller holds SandboxData.Sync.</summary>
public sealed class BatchDailyCap
{
    private DateOnly _day;
    private long _used;

    public long UsedOn(DateTimeOffset now)
    {
        Roll(now);
        return _used;
    }

    /// <summary>Takes <paramref name="items"/> from today's allowance if they all fit under <paramref name="cap"/>.</summary>
    public bool TryTake(long items, long cap, DateTimeOffset now)
    {
        Roll(now);
        if (_used + items > cap) return false;
        _used += items;
        return true;
    }

    public static DateTimeOffset NextDay(DateTimeOffset now) => new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(1);

    public void Reset() => _used = 0;

    private void Roll(DateTimeOffset now)
    {
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        if (day == _day) return;
        _day = day;
        _used = 0;
    }
}
