using System.Threading.Channels;

namespace LeanData.Outreach.Engine.Batching;

/// <summary>
/// Buffers items and flushes them as <see cref="Batch{T}"/>es to <see cref="Batches"/>: at the batch size,
/// when the oldest buffered item has waited the window (timed by the <see cref="TimeProvider"/>, so tests
/// can use a fake clock), and on <see cref="CompleteAsync"/>. At most <c>maxQueuedBatches</c> flushed
/// batches wait for the consumer; <see cref="AddAsync"/> waits beyond that, which keeps memory flat.
/// </summary>
public sealed class Batcher<T> : IAsyncDisposable
{
    private readonly BatchOptions _options;
    private readonly TimeProvider _time;
    private readonly Channel<Batch<T>> _output;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private List<T> _buffer;
    private ITimer? _timer;
    private long _generation;
    private long _batchNumber;
    private bool _completed;

    public Batcher(BatchOptions options, TimeProvider? time = null, int maxQueuedBatches = 2)
    {
        _options = options.Validated();
        _time = time ?? TimeProvider.System;
        _buffer = new List<T>(Math.Min(options.BatchSize, 1024));
        _output = Channel.CreateBounded<Batch<T>>(new BoundedChannelOptions(Math.Max(1, maxQueuedBatches))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Flushed batches, in order. Completes after <see cref="CompleteAsync"/>.</summary>
    public ChannelReader<Batch<T>> Batches => _output.Reader;

    public async ValueTask AddAsync(T item, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_completed) throw new InvalidOperationException("The batcher is complete; no more items can be added.");
            _buffer.Add(item);
            if (_buffer.Count == 1 && _options.BatchSize > 1)
            {
                var generation = _generation;
                _timer?.Dispose();
                _timer = _time.CreateTimer(static state => ((Batcher<T>)((object[])state!)[0]).OnWindow((long)((object[])state!)[1]),
                    new object[] { this, generation }, _options.Window, Timeout.InfiniteTimeSpan);
            }
            if (_buffer.Count >= _options.BatchSize)
                await FlushLockedAsync(FlushReason.Size, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Flushes what is buffered (if anything) and completes <see cref="Batches"/>.</summary>
    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_completed) return;
            if (_buffer.Count > 0) await FlushLockedAsync(FlushReason.EndOfInput, cancellationToken).ConfigureAwait(false);
            _completed = true;
            _output.Writer.TryComplete();
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Stops the batcher without flushing and returns what was buffered, so a cancelled run can keep it
    /// (as Pending) instead of losing it. <see cref="Batches"/> completes.
    /// </summary>
    public IReadOnlyList<T> Abandon()
    {
        // Completing first fails a flush that waits for room, so it gives its items back and frees the lock.
        _output.Writer.TryComplete();
        _lock.Wait();
        try
        {
            _completed = true;
            _timer?.Dispose();
            _generation++;
            var left = _buffer;
            _buffer = [];
            _output.Writer.TryComplete();
            return left;
        }
        finally
        {
            _lock.Release();
        }
    }

    private void OnWindow(long generation) => _ = FlushOnWindowAsync(generation);

    private async Task FlushOnWindowAsync(long generation)
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_completed || generation != _generation || _buffer.Count == 0) return;
            await FlushLockedAsync(FlushReason.Window, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            // Abandoned while waiting for room: the items are returned by Abandon.
        }
        finally
        {
            _lock.Release();
        }
    }

    private async ValueTask FlushLockedAsync(FlushReason reason, CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        _timer = null;
        _generation++;
        var items = _buffer;
        _buffer = new List<T>(Math.Min(_options.BatchSize, 1024));
        try
        {
            await _output.Writer.WriteAsync(new Batch<T>(_batchNumber + 1, items, reason), cancellationToken).ConfigureAwait(false);
            _batchNumber++;
        }
        catch
        {
            // Not handed over (cancelled or abandoned): keep the items so Abandon returns them.
            items.AddRange(_buffer);
            _buffer = items;
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        _timer?.Dispose();
        _output.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }
}
