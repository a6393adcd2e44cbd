using System.Threading.Channels;
using LeanData.Outreach.Engine.Batching;
using LeanData.Outreach.Engine.Planning;
using LeanData.Outreach.Engine.Records;

namespace LeanData.Outreach.Engine.Execution;

/// <summary>
/// One Invoke-LDAddToSequence run: plans each accepted record, batches the plans (size, window, end of
/// input), sends up to <see cref="BatchesInFlight"/> batches side by side through the <see cref="EnrollmentExecutor"/>
/// (one throttle for all of them, so a slow request holds back only its own batch's results, never the next
/// batches' sends), and publishes results in input order on <see cref="Results"/>. Knows nothing of PowerShell.
/// </summary>
public sealed class AddToSequenceRun : IAsyncDisposable
{
    private readonly Planner _planner;
    private readonly EnrollmentExecutor _executor;
    private readonly Batcher<RecordPlan> _batcher;
    /// <summary>Batches being sent at once; each is stored as it starts (so a record repeated in a later batch is seen as Pending).</summary>
    public const int BatchesInFlight = 4;

    private readonly Channel<AddToSequenceResult> _results = Channel.CreateUnbounded<AddToSequenceResult>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<Task<IReadOnlyList<AddToSequenceResult>>> _sending =
        Channel.CreateUnbounded<Task<IReadOnlyList<AddToSequenceResult>>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly SemaphoreSlim _window = new(BatchesInFlight, BatchesInFlight);
    private readonly List<RecordPlan> _notBuffered = [];
    private readonly List<RecordPlan> _lateArrivals = [];
    private bool _completing;
    private readonly CancellationToken _cancellation;
    private readonly Task _consumer;
    private long _accepted;

    public AddToSequenceRun(Planner planner, EnrollmentExecutor executor, BatchOptions batching, CancellationToken cancellationToken, TimeProvider? time = null)
    {
        _planner = planner;
        _executor = executor;
        _cancellation = cancellationToken;
        _batcher = new Batcher<RecordPlan>(batching, time, maxQueuedBatches: 2);
        _consumer = Task.Run(ConsumeAsync, CancellationToken.None);
    }

    /// <summary>Results in input order within each batch, batches in order. Completes when the run ends.</summary>
    public ChannelReader<AddToSequenceResult> Results => _results.Reader;

    public ExecutionProgress Progress => _executor.Progress with { Accepted = Interlocked.Read(ref _accepted) };

    public Planner Planner => _planner;

    /// <summary>Plans a record and buffers it; waits when the executor is two batches behind.</summary>
    public ValueTask AcceptAsync(SalesforceRecord record) => AcceptAsync(_planner.Plan(record));

    /// <summary>Buffers a plan made with <see cref="Planner"/>; waits when the executor is two batches behind.</summary>
    public async ValueTask AcceptAsync(RecordPlan plan)
    {
        Interlocked.Increment(ref _accepted);
        lock (_notBuffered)
        {
            if (_completing)
            {
                // Late arrival after Ctrl+C: store it Pending right away rather than lose it.
                _lateArrivals.Add(plan);
                return;
            }
            if (_cancellation.IsCancellationRequested)
            {
                _notBuffered.Add(plan);
                return;
            }
        }
        try
        {
            await _batcher.AddAsync(plan, _cancellation).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException or InvalidOperationException && _cancellation.IsCancellationRequested)
        {
            lock (_notBuffered)
            {
                if (_completing) _lateArrivals.Add(plan);
                else _notBuffered.Add(plan);
            }
        }
        if (_lateArrivals.Count > 0) await StoreLateArrivalsAsync().ConfigureAwait(false);
    }

    private async Task StoreLateArrivalsAsync()
    {
        List<RecordPlan> late;
        lock (_notBuffered)
        {
            late = [.. _lateArrivals];
            _lateArrivals.Clear();
        }
        if (late.Count > 0) await PublishAsync(late).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends input: flushes what is buffered and waits for every batch. After cancellation, everything not
    /// yet sent is stored Pending before this returns.
    /// </summary>
    public Task CompleteAsync()
    {
        lock (_results) return _completion ??= CompleteCoreAsync();
    }

    private Task? _completion;

    private async Task CompleteCoreAsync()
    {
        if (!_cancellation.IsCancellationRequested)
        {
            try
            {
                await _batcher.CompleteAsync(_cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Falls through to the cancelled path below.
            }
        }
        if (_cancellation.IsCancellationRequested)
        {
            var left = _batcher.Abandon().ToList();
            await _consumer.ConfigureAwait(false);
            lock (_notBuffered)
            {
                _completing = true;
                left.AddRange(_notBuffered);
                _notBuffered.Clear();
            }
            if (left.Count > 0) await PublishAsync(left).ConfigureAwait(false);
            await StoreLateArrivalsAsync().ConfigureAwait(false);
        }
        else
        {
            await _consumer.ConfigureAwait(false);
        }
        _results.Writer.TryComplete();
    }

    private async Task ConsumeAsync()
    {
        var publisher = Task.Run(PublishInOrderAsync, CancellationToken.None);
        try
        {
            await foreach (var batch in _batcher.Batches.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                // A publisher that failed (a batch threw) releases no more room: stop, and let the finally rethrow its failure.
                if (await Task.WhenAny(_window.WaitAsync(CancellationToken.None), publisher).ConfigureAwait(false) == publisher) break;
                // After cancellation the executor stores every plan Pending without sending.
                _sending.Writer.TryWrite(_executor.ExecuteAsync(batch.Items, _cancellation));
            }
        }
        finally
        {
            _sending.Writer.TryComplete();
            await publisher.ConfigureAwait(false);
        }
    }

    /// <summary>Publishes each batch's results once it is done, batches in the order they started.</summary>
    private async Task PublishInOrderAsync()
    {
        try
        {
            await foreach (var sending in _sending.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                foreach (var result in await sending.ConfigureAwait(false)) _results.Writer.TryWrite(result);
                _window.Release();
            }
        }
        catch (Exception ex)
        {
            _results.Writer.TryComplete(ex);
            throw;
        }
    }

    private async Task PublishAsync(IReadOnlyList<RecordPlan> plans)
    {
        // After cancellation the executor stores every plan Pending without sending.
        var results = await _executor.ExecuteAsync(plans, _cancellation).ConfigureAwait(false);
        foreach (var result in results) _results.Writer.TryWrite(result);
    }

    public async ValueTask DisposeAsync()
    {
        await _batcher.DisposeAsync().ConfigureAwait(false);
        _window.Dispose();
    }
}
