using LeanData.Outreach.Engine.Batching;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace LeanData.Outreach.Tests.Engine;

public class BatcherTests
{
    [Fact]
    public async Task Flushes_at_batch_size_in_input_order()
    {
        await using var batcher = new Batcher<int>(new BatchOptions(3, TimeSpan.FromSeconds(30)), new FakeTimeProvider(), maxQueuedBatches: 10);
        for (var i = 1; i <= 7; i++) await batcher.AddAsync(i, CancellationToken.None);
        Assert.True(batcher.Batches.TryRead(out var first));
        Assert.True(batcher.Batches.TryRead(out var second));
        Assert.False(batcher.Batches.TryRead(out _));
        Assert.Equal([1, 2, 3], first!.Items);
        Assert.Equal([4, 5, 6], second!.Items);
        Assert.Equal(FlushReason.Size, first.Reason);
        await batcher.CompleteAsync(CancellationToken.None);
        Assert.True(batcher.Batches.TryRead(out var last));
        Assert.Equal([7], last!.Items);
        Assert.Equal(FlushReason.EndOfInput, last.Reason);
        Assert.True(batcher.Batches.Completion.IsCompleted);
    }

    [Fact]
    public async Task Window_flushes_a_slow_trickle_when_the_oldest_record_has_waited()
    {
        var time = new FakeTimeProvider();
        await using var batcher = new Batcher<int>(new BatchOptions(100, TimeSpan.FromSeconds(30)), time);
        await batcher.AddAsync(1, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(20));
        await batcher.AddAsync(2, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(batcher.Batches.TryRead(out _));
        time.Advance(TimeSpan.FromSeconds(1));   // the first record has now waited 30 s
        var batch = await batcher.Batches.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal([1, 2], batch.Items);
        Assert.Equal(FlushReason.Window, batch.Reason);

        await batcher.AddAsync(3, CancellationToken.None);   // the window restarts with the next record
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(batcher.Batches.TryRead(out _));
        time.Advance(TimeSpan.FromSeconds(1));
        batch = await batcher.Batches.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal([3], batch.Items);
    }

    [Fact]
    public async Task Full_queue_applies_back_pressure_and_abandon_returns_unsent_items()
    {
        await using var batcher = new Batcher<int>(new BatchOptions(2, TimeSpan.FromSeconds(30)), new FakeTimeProvider(), maxQueuedBatches: 1);
        await batcher.AddAsync(1, CancellationToken.None);
        await batcher.AddAsync(2, CancellationToken.None);   // batch 1 queued
        await batcher.AddAsync(3, CancellationToken.None);
        var blocked = batcher.AddAsync(4, CancellationToken.None).AsTask();   // batch 2 has no room
        await Task.Yield();
        Assert.False(blocked.IsCompleted);
        var left = batcher.Abandon();
        await Assert.ThrowsAnyAsync<Exception>(() => blocked);
        Assert.Equal([3, 4], left);
        Assert.True(batcher.Batches.TryRead(out var queued));
        Assert.Equal([1, 2], queued!.Items);
    }

    [Fact]
    public void Window_above_30_seconds_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchOptions(100, TimeSpan.FromSeconds(31)).Validated());
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchOptions(0, TimeSpan.FromSeconds(1)).Validated());
    }
}
