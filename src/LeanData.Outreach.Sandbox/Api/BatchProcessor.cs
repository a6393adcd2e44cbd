using LeanData.Outreach.Sandbox.Hosting;
using LeanData.Outreach.Sandbox.Model;

namespace LeanData.Outreach.Sandbox.Api;

/// <summary>
/// Enrolls the items of pending batches in the background, oldest batch first, at
/// <see cref="BatchSettings.ItemsPerSecond"/> of the sandbox's clock: a timer from the sandbox's
/// <see cref="TimeProvider"/> ticks while work is queued, and each tick processes the items the elapsed time pays
/// for (so a test with a FakeTimeProvider drives progress by advancing the clock). Each item goes through
/// <see cref="SequenceStateService.Enroll"/>, the one home of the enrollment rules, in chunks that hold the data
/// lock briefly so API requests interleave.
/// </summary>
public sealed class BatchProcessor : IDisposable
{
    private static readonly TimeSpan TickPeriod = TimeSpan.FromMilliseconds(20);
    private const int ChunkSize = 1_000;

    private readonly SandboxData _data;
    private readonly SequenceStateService _enrollments;
    private readonly SandboxCounters _counters;
    private readonly TimeProvider _time;
    private readonly Func<BatchSettings> _settings;
    private readonly object _gate = new();
    private readonly object _progress = new();
    private readonly Queue<SandboxBatch> _queue = new();
    private readonly ITimer _timer;
    private DateTimeOffset _last;
    /// <summary>Items earned and not yet spent, times <see cref="TimeSpan.TicksPerSecond"/> (integers, so a rate is exact).</summary>
    private long _owed;
    private bool _running;
    private int _ticking;

    public BatchProcessor(SandboxData data, SequenceStateService enrollments, SandboxCounters counters, TimeProvider time, Func<BatchSettings> settings)
    {
        _data = data;
        _enrollments = enrollments;
        _counters = counters;
        _time = time;
        _settings = settings;
        _timer = time.CreateTimer(static s => ((BatchProcessor)s!).Tick(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Queues a pending batch. Call without holding SandboxData.Sync.</summary>
    public void Enqueue(SandboxBatch batch)
    {
        lock (_gate)
        {
            _queue.Enqueue(batch);
            if (_running) return;
            _running = true;
            _last = _time.GetUtcNow();
            _owed = 0;
            _timer.Change(TickPeriod, TickPeriod);
        }
    }

    /// <summary>Forgets every queued batch (reset, re-seed).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _queue.Clear();
            Stop();
        }
    }

    /// <summary>
    /// Blocks until the batch is finished, failed or canceled, or <paramref name="timeout"/> passes on the real clock
    /// (for tests and benchmarks on the system clock: they wait on progress, not on sleeps).
    /// </summary>
    public bool WaitUntilDone(long batchId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (_progress)
        {
            while (true)
            {
                lock (_data.Sync)
                {
                    if (!_data.Batches.TryGetValue(batchId, out var b) || b.IsDone) return true;
                }
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) return false;
                Monitor.Wait(_progress, left < TimeSpan.FromMilliseconds(100) ? left : TimeSpan.FromMilliseconds(100));
            }
        }
    }

    private void Stop()
    {
        _running = false;
        _owed = 0;
        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    private void Tick()
    {
        // A slow tick on a loaded machine must not overlap the next one.
        if (Interlocked.Exchange(ref _ticking, 1) == 1) return;
        try
        {
            lock (_gate)
            {
                if (!_running) return;
                var now = _time.GetUtcNow();
                var elapsed = Math.Clamp((now - _last).Ticks, 0, TimeSpan.TicksPerHour);
                _owed += elapsed * _settings().ItemsPerSecond;
                _last = now;
                while (_queue.Count > 0 && _owed >= TimeSpan.TicksPerSecond)
                {
                    var batch = _queue.Peek();
                    var budget = (int)Math.Min(_owed / TimeSpan.TicksPerSecond, ChunkSize);
                    var (done, used) = Process(batch, budget, now);
                    _owed -= used * TimeSpan.TicksPerSecond;
                    if (done) _queue.Dequeue();
                    else if (used == 0) break;
                }
                if (_queue.Count == 0) Stop();
            }
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
            lock (_progress) Monitor.PulseAll(_progress);
        }
    }

    /// <summary>Processes up to <paramref name="budget"/> items of one batch; says whether the batch is done and how many items it took.</summary>
    private (bool Done, int Used) Process(SandboxBatch batch, int budget, DateTimeOffset now)
    {
        lock (_data.Sync)
        {
            if (batch.State != "pending" || !_data.Batches.TryGetValue(batch.Id, out var current) || !ReferenceEquals(current, batch))
                return (true, 0);
            batch.StartedAt ??= now;
            var used = 0;
            while (used < budget && batch.Processed < batch.Total)
            {
                if (batch.FailAfterItems is int failAt && batch.Processed >= failAt)
                {
                    batch.State = "failed";
                    batch.FailureReason = "The batch failed while processing (sandbox fault); its unprocessed items stay pending.";
                    batch.FinishedAt = now;
                    batch.UpdatedAt = now;
                    return (true, used);
                }
                var item = _data.BatchItem(batch.FirstItemId + batch.Processed)!;
                var (_, refusal) = _enrollments.Enroll(item.ProspectId, batch.SequenceId, batch.MailboxId, batch.CreatorId);
                if (refusal is null)
                {
                    item.State = "finished";
                }
                else
                {
                    item.State = "failed";
                    item.Failed = true;
                    item.Info = refusal.Detail;
                    batch.Failures++;
                }
                batch.Processed++;
                batch.Pending--;
                used++;
            }
            _counters.CountBatchItemsProcessed(used);
            batch.UpdatedAt = now;
            if (batch.Processed < batch.Total) return (false, used);
            batch.State = "finished";
            batch.FinishedAt = now;
            return (true, used);
        }
    }

    public void Dispose() => _timer.Dispose();
}
