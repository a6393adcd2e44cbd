using System.Threading.Channels;
using LeanData.Outreach.Engine.Batching;
using LeanData.Outreach.Engine.Planning;
using LeanData.Outreach.Engine.Records;

namespace LeanData.Outreach.Engine.Execution;

/// <summary>
/// One Invoke-LDAddToSequence run: plans each accepted record, batches the plans (size, window, end of
/// input), executes batches one after another through the <see cref="EnrollmentExecutor"/>, and publishes
/// results in input order on <see cref="Results"/>. Knows nothing of PowerShell.
/// </summary>
public sealed class AddToSequenceRun : IAsyncDisposable
{
    private readonly Planner _planner;
    private readonly EnrollmentExecutor _executor;
    private readonly Batcher<RecordPlan> _batcher;
    private readonly Channel<AddToSequenceResult> _results = Channel.CreateUnbounded<AddToSequenceResult>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<RecordPlan> _notBuffered = [];
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

    /// <summary>Plans a record and buffers it; waits when the executor is two batches behind.</summary>
    public async ValueTask AcceptAsync(SalesforceRecord record)
    {
        Interlocked.Increment(ref _accepted);
        var plan = _planner.Plan(record);
        if (_cancellation.IsCancellationRequested)
        {
            lock (_notBuffered) _notBuffered.Add(plan);
            return;
        }
        try
        {
            await _batcher.AddAsync(plan, _cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            lock (_notBuffered) _notBuffered.Add(plan);
        }
    }

    /// <summary>
    /// Ends input: flushes what is buffered and waits for every batch. After cancellation, everything not
    /// yet sent is stored Pending before this returns.
    /// </summary>
    public async Task CompleteAsync()
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
            lock (_notBuffered) left.AddRange(_notBuffered);
            await _consumer.ConfigureAwait(false);
            if (left.Count > 0) await PublishAsync(left).ConfigureAwait(false);
        }
        else
        {
            await _consumer.ConfigureAwait(false);
        }
        _results.Writer.TryComplete();
    }

    private async Task ConsumeAsync()
    {
        try
        {
            await foreach (var batch in _batcher.Batches.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
                await PublishAsync(batch.Items).ConfigureAwait(false);
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

    public async ValueTask DisposeAsync() => await _batcher.DisposeAsync().ConfigureAwait(false);
}
