using LeanData.Outreach.Configuration;
using LeanData.Outreach.Engine.Bulk;
using LeanData.Outreach.Store;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace LeanData.Outreach.Tests.Engine.Bulk;

/// <summary>The daily bulk cap's count lives in the store: every run and retry worker on it (each its own BulkDailyCap) shares one count.</summary>
public sealed class BulkDailyCapTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly LDStore _store;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));

    public BulkDailyCapTests()
    {
        _store = new LDStore(_temp.File("cap.db"));
        new ConfigurationRepository(_store).SetRetryPolicy(RetryPolicy.Default); // creates the store
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Caps_on_one_store_share_one_count_and_reserve_exactly_up_to_the_cap_when_they_race()
    {
        // Four "processes" (each its own cap object, as each run builds one) reserve one item at a time from four threads each.
        var caps = Enumerable.Range(0, 4).Select(_ => new BulkDailyCap(300, _store, _time)).ToList();
        var reserved = 0;
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 16 }, t =>
        {
            for (var i = 0; i < 25; i++)
                if (caps[t % caps.Count].TryReserve(1)) Interlocked.Increment(ref reserved);
        });
        Assert.Equal(300, reserved); // 400 asked for; none lost, none past the cap
        Assert.False(new BulkDailyCap(300, _store, _time).TryReserve(1));
        Assert.True(new BulkDailyCap(301, _store, _time).TryReserve(1)); // the count, not the object, decides
    }

    [Fact]
    public void A_new_UTC_day_starts_from_zero_and_the_preview_reads_the_count_without_writing_it()
    {
        var run = new BulkDailyCap(100, _store, _time);
        Assert.True(run.TryReserve(80));
        var preview = BulkDailyCap.Preview(100, _store, _time);
        Assert.False(preview.TryReserve(21));
        Assert.True(preview.TryReserve(20));
        Assert.False(run.TryReserve(21)); // the preview's 20 were not stored

        run.MarkReached();
        Assert.False(run.TryReserve(1));
        _time.Advance(TimeSpan.FromHours(14)); // past midnight UTC
        Assert.True(new BulkDailyCap(100, _store, _time).TryReserve(100));
    }
}
