using LeanData.Outreach.Engine.Execution;
using LeanData.Outreach.Engine.Planning;
using LeanData.Outreach.Store;
using LeanData.Outreach.Outcomes;

namespace LeanData.Outreach.Engine.Retry;

/// <summary>
/// Drains due Pending actions through the same executor Invoke-LDAddToSequence uses: claim a batch under a
/// lease, send it (<see cref="EnrollmentExecutor.RetryAsync"/>, which counts attempts and ends exhausted
/// actions as Error "Retry attempt exceeded"), and repeat until nothing is due. <see cref="RunOnceAsync"/>
/// drains once; <see cref="RunAsync"/> keeps polling until cancelled. On cancellation, what was not sent stays
/// Pending and this worker's leases are released, so another worker (or the next run) takes it at once.
/// </summary>
public sealed class RetryWorker
{
    private readonly ActionLeaseRepository _leases;
    private readonly EnrollmentExecutor _executor;
    private readonly RetryWorkerOptions _options;
    private readonly TimeProvider _time;
    private long _processed, _succeeded, _failed, _pending, _takenOver;
    private int _drains;

    public RetryWorker(ActionLeaseRepository leases, EnrollmentExecutor executor, RetryWorkerOptions options, TimeProvider? time = null)
    {
        _leases = leases;
        _executor = executor;
        _options = options.Validated();
        _time = time ?? TimeProvider.System;
        // The executor renews the leases this worker claims, under the same name.
        if (executor.Options.LeaseOwner != _options.Owner)
            throw new ArgumentException($"The executor's lease owner '{executor.Options.LeaseOwner}' is not the worker's '{_options.Owner}'.", nameof(executor));
    }

    public RetryWorkerOptions Options => _options;

    /// <summary>Raised after each claimed batch (from a worker thread).</summary>
    public event Action<RetryWorkerProgress>? ProgressChanged;

    /// <summary>Raised for each action's result (from a worker thread).</summary>
    public event Action<AddToSequenceResult>? ActionCompleted;

    /// <summary>Raised when a drain found nothing more due (from a worker thread); not raised for a drain cut short by cancellation.</summary>
    public event Action<RetryWorkerDrain>? DrainCompleted;

    /// <summary>Drains what is due now, then returns the summary.</summary>
    public async Task<RetryWorkerSummary> RunOnceAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetUtcNow();
        var stopped = false;
        try
        {
            await DrainAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            stopped = true;
        }
        finally
        {
            _leases.Release(_options.Owner);
        }
        return Summary(started, stopped || cancellationToken.IsCancellationRequested);
    }

    /// <summary>Drains, then waits (the poll interval, or until the next action is due if sooner) and drains again, until cancelled.</summary>
    public async Task<RetryWorkerSummary> RunAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetUtcNow();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await DrainAsync(cancellationToken).ConfigureAwait(false);
                var wait = _options.PollInterval;
                if (_leases.NextClaimableAt() is { } next)
                {
                    var untilNext = next - _time.GetUtcNow();
                    if (untilNext < wait) wait = untilNext < TimeSpan.FromMilliseconds(50) ? TimeSpan.FromMilliseconds(50) : untilNext;
                }
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped: everything unsent is Pending in the store.
        }
        finally
        {
            _leases.Release(_options.Owner);
        }
        return Summary(started, stopped: true);
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _drains);
        var drainStart = _time.GetUtcNow();
        long processed = 0, succeeded = 0, failed = 0, pending = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = _time.GetUtcNow();
            var claimed = _options.SendNow
                ? _leases.ClaimDue(_options.Owner, now, _options.LeaseDuration, _options.BatchSize, DateTimeOffset.MaxValue, unchangedSince: drainStart, onlyIds: _options.ActionIds)
                : _leases.ClaimDue(_options.Owner, now, _options.LeaseDuration, _options.BatchSize, dueBy: drainStart);
            if (claimed.Count == 0)
            {
                if (DrainCompleted is { } completed)
                {
                    var (inStore, next) = _leases.PendingSummary();
                    completed(new RetryWorkerDrain(_options.Owner, drainStart, _time.GetUtcNow() - drainStart, processed, succeeded, failed, pending, inStore, next));
                }
                return;
            }
            Interlocked.Add(ref _takenOver, claimed.Count(c => c.TakenOver));
            // A taken-over action is looked up before it is sent again (its holder may have died mid-send).
            var results = await _executor.RetryAsync(claimed, cancellationToken).ConfigureAwait(false);
            foreach (var result in results)
            {
                Interlocked.Increment(ref _processed);
                processed++;
                switch (result.Outcome)
                {
                    case ActionOutcome.Success: Interlocked.Increment(ref _succeeded); succeeded++; break;
                    case ActionOutcome.Pending: Interlocked.Increment(ref _pending); pending++; break;
                    default: Interlocked.Increment(ref _failed); failed++; break;
                }
                ActionCompleted?.Invoke(result);
            }
            ProgressChanged?.Invoke(new RetryWorkerProgress(Interlocked.Read(ref _processed), Interlocked.Read(ref _succeeded),
                Interlocked.Read(ref _failed), Interlocked.Read(ref _pending), _options.SendNow ? 0 : _leases.PeekDue(drainStart, 10_000).Count));
        }
    }

    private RetryWorkerSummary Summary(DateTimeOffset started, bool stopped)
    {
        var (pending, next) = _leases.PendingSummary();
        return new RetryWorkerSummary
        {
            WorkerId = _options.Owner,
            StartedAt = started,
            DurationSpan = _time.GetUtcNow() - started,
            Processed = Interlocked.Read(ref _processed),
            Succeeded = Interlocked.Read(ref _succeeded),
            Failed = Interlocked.Read(ref _failed),
            StillPending = Interlocked.Read(ref _pending),
            TakenOver = Interlocked.Read(ref _takenOver),
            PendingInStore = pending,
            NextDueAt = next,
            Drains = _drains,
            Stopped = stopped,
        };
    }
}
