using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using LeanData.Outreach.Configuration;
using LeanData.Outreach.Errors;

namespace LeanData.Outreach.Outreach.Transport;

/// <summary>
/// Whether one Outreach user's next request may be sent now: the maintenance gate (a 503 with Retry-After closes
/// it for everyone on this API), the server's X-RateLimit state (<see cref="ServerRateState"/>) and the client
/// budget (Set-LDRateLimit). Every request of the <see cref="OutreachTransport"/> is admitted here first.
/// </summary>
/// <remarks>
/// A maintenance window's end is Outreach's estimate, and windows end early. So a caller that starts after the
/// window was learned (a new command: <c>probeIfLearnedBefore</c>) may send one probe through it, one at a time: its
/// answer renews the window or, when Outreach answers, opens the gate for everyone. Within a run nothing probes, so a
/// run never hammers a server in maintenance; the X-RateLimit state and the client budget are never probed past.
/// </remarks>
/// <remarks>
/// The client budget is a concurrency limiter whose permit is given back one window after the response: so no
/// window of that length, anywhere, holds more requests than the limit (a sliding or fixed window limiter lets
/// up to twice the limit through across a segment edge). Permits queue in arrival order.
/// </remarks>
public sealed class RequestAdmission : IDisposable
{
    private static readonly TimeSpan ResetMargin = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrencyLimiter _limiter;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<long, (ITimer Timer, DateTimeOffset Due)> _releases = new();
    private readonly object _gate = new();
    private DateTimeOffset _maintenanceUntil;
    private DateTimeOffset _maintenanceLearnedAt;
    private bool _probeInFlight;
    private TaskCompletionSource _probeSettled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset _exhaustedUntil;
    private long _nextRelease;
    private int _inFlight;

    public RequestAdmission(RateLimitSettings settings, TimeProvider? time = null)
    {
        Settings = settings.Validated();
        _time = time ?? TimeProvider.System;
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = settings.Limit,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    public RateLimitSettings Settings { get; }

    public ServerRateState Server { get; } = new();

    /// <summary>Raised (on a worker thread) each time a request waits in-line for maintenance to end, a rate-limit reset or a client budget permit.</summary>
    public event Action<SendWait>? Waiting;

    /// <summary>
    /// Waits (at most <paramref name="maxWait"/> at each gate) for maintenance to end, the server's window to reset
    /// and a budget permit. Returns the ticket to send with, or the failure that says why nothing may be sent
    /// before a given time (<see cref="OutreachFailure.NotSent"/>).
    /// </summary>
    /// <param name="probeIfLearnedBefore">
    /// When the caller started: a maintenance window learned before then may be probed by this request (see remarks).
    /// </param>
    public async Task<(Ticket? Ticket, OutreachFailure? Blocked)> AdmitAsync(TimeSpan maxWait, CancellationToken cancellationToken,
        DateTimeOffset? probeIfLearnedBefore = null)
    {
        var probe = false;
        while (true)
        {
            var now = _time.GetUtcNow();
            DateTimeOffset maintenance, exhausted;
            Task? probeSettled = null;
            lock (_gate)
            {
                (maintenance, exhausted) = (_maintenanceUntil, _exhaustedUntil);
                if (!probe && maintenance > now && _probeInFlight)
                    probeSettled = _probeSettled.Task;
                else if (!probe && maintenance > now && probeIfLearnedBefore is { } started && _maintenanceLearnedAt < started)
                {
                    probe = _probeInFlight = true;
                    _probeSettled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }
            if (probeSettled is not null)
            {
                // Another caller is probing the window: its answer says whether it is over.
                await probeSettled.WaitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (maintenance > now && !probe)
            {
                if (maintenance - now > maxWait)
                    return (null, Blocked(FailureCategory.ScheduledMaintenance, maintenance, $"Outreach is in scheduled maintenance until {maintenance:u}; not sent."));
                Waiting?.Invoke(new SendWait("Outreach's scheduled maintenance window", maintenance, maintenance - now));
                await Task.Delay(maintenance - now, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (Server.TryReserve(now) is { } reset)
            {
                if (reset - now > maxWait)
                    return (null, EndProbe(probe) ?? Blocked(FailureCategory.RateLimitExceeded, reset, $"Outreach's rate limit is used up until {reset:u} (X-RateLimit-Remaining 0); not sent."));
                Waiting?.Invoke(new SendWait("Outreach's rate limit (X-RateLimit-Remaining 0) to reset", reset, reset - now + ResetMargin));
                await Task.Delay(reset - now + ResetMargin, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (exhausted > now)
            {
                Server.Release();
                return (null, EndProbe(probe) ?? BudgetUsedUp(exhausted));
            }
            ReportBudgetWait(maxWait);
            RateLimitLease? lease;
            try
            {
                lease = await AcquirePermitAsync(maxWait, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                Server.Release();
                EndProbe(probe);
                throw;
            }
            if (lease is null)
            {
                Server.Release();
                var next = EarliestRelease() ?? _time.GetUtcNow() + Settings.WindowSpan;
                lock (_gate) if (next > _exhaustedUntil) _exhaustedUntil = next;
                return (null, EndProbe(probe) ?? BudgetUsedUp(next));
            }
            // A maintenance window learned while this caller queued for its permit: not sent into it (unless probing it).
            lock (_gate) maintenance = _maintenanceUntil;
            if (maintenance > _time.GetUtcNow() && !probe)
            {
                lease.Dispose();
                Server.Release();
                continue;
            }
            Interlocked.Increment(ref _inFlight);
            return (new Ticket(this, lease, probe), null);
        }
    }

    /// <summary>A budget permit within <paramref name="maxWait"/> on the admission's clock, or null when none came back in time.</summary>
    private async Task<RateLimitLease?> AcquirePermitAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        if (maxWait <= TimeSpan.Zero) return Acquired(_limiter.AttemptAcquire(1));
        using var waitedTooLong = new CancellationTokenSource(maxWait, _time);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, waitedTooLong.Token);
        try
        {
            return Acquired(await _limiter.AcquireAsync(1, wait.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static RateLimitLease? Acquired(RateLimitLease lease)
    {
        if (lease.IsAcquired) return lease;
        lease.Dispose();
        return null;
    }

    /// <summary>A probe that was not sent after all: the next caller may probe. Returns null so callers can chain their failure.</summary>
    private OutreachFailure? EndProbe(bool probe)
    {
        if (probe) SettleProbe();
        return null;
    }

    private OutreachFailure BudgetUsedUp(DateTimeOffset until) =>
        Blocked(FailureCategory.RateLimitExceeded, until,
            $"The client request budget ({Settings.Limit} per {Settings.Window}) is used up until {until:u}; not sent (see Set-LDRateLimit).");

    private static OutreachFailure Blocked(FailureCategory category, DateTimeOffset until, string message) =>
        new(category, 0, null, message, until) { NotSent = true };

    /// <summary>
    /// A caller about to queue for a client budget permit says so, until the first permit comes back (later for one
    /// deep in the queue). Only when that is within <paramref name="maxWait"/>: a longer wait is not waited.
    /// </summary>
    private void ReportBudgetWait(TimeSpan maxWait)
    {
        if (Waiting is not { } waiting || _limiter.GetStatistics() is not { CurrentAvailablePermits: 0 }) return;
        var now = _time.GetUtcNow();
        if (EarliestRelease() is not { } release || release <= now || release - now > maxWait) return;
        waiting(new SendWait($"the client request budget ({Settings.Limit} per {Settings.Window}, Set-LDRateLimit) to free a request", release, release - now));
    }

    private DateTimeOffset? EarliestRelease()
    {
        DateTimeOffset? earliest = null;
        foreach (var (_, due) in _releases.Values)
            if (earliest is null || due < earliest) earliest = due;
        return earliest;
    }

    /// <summary>Applies what one response said: its rate-limit headers, a 429 without them, a maintenance window.</summary>
    private void Observe(RateLimitObservation? observation, OutreachFailure? failure, bool probe)
    {
        var inFlight = Interlocked.Decrement(ref _inFlight);
        var now = _time.GetUtcNow();
        if (observation is not null) Server.Observe(observation, inFlight);
        switch (failure?.Category)
        {
            case FailureCategory.RateLimitExceeded when observation is not { StatusCode: 429 }:
                var reset = failure.RetryAt ?? now + Settings.WindowSpan;
                Server.Observe(new RateLimitObservation(429, now, null, 0, reset, reset), 0);
                break;
            case FailureCategory.ScheduledMaintenance when failure.RetryAt is { } until:
                // Retry-After has whole-second precision: a time already past means "within the second".
                var gateUntil = until > now ? until : now + TimeSpan.FromSeconds(1);
                lock (_gate)
                {
                    if (gateUntil > _maintenanceUntil || probe) _maintenanceUntil = gateUntil;
                    _maintenanceLearnedAt = now;
                }
                break;
        }
        if (!probe) return;
        // Outreach answered the probe with something other than maintenance: the window is over.
        if (failure?.Category != FailureCategory.ScheduledMaintenance && (observation is not null || failure is null))
            lock (_gate) _maintenanceUntil = default;
        SettleProbe();
    }

    private void SettleProbe()
    {
        TaskCompletionSource settled;
        lock (_gate)
        {
            _probeInFlight = false;
            settled = _probeSettled;
        }
        settled.TrySetResult();
    }

    private void ReleaseLater(RateLimitLease lease)
    {
        var id = Interlocked.Increment(ref _nextRelease);
        var due = _time.GetUtcNow() + Settings.WindowSpan;
        // The timer is kept referenced until it fires: an unreferenced timer may be collected and never fire.
        var timer = _time.CreateTimer(_ =>
        {
            // Timers run on a coarse tick count and may fire a few milliseconds before the clock reaches their due
            // time; a permit given back early lets limit + 1 requests into one window, so wait out the remainder.
            var early = due - _time.GetUtcNow();
            if (early > TimeSpan.Zero && _releases.TryGetValue(id, out var pending))
            {
                pending.Timer.Change(early, Timeout.InfiniteTimeSpan);
                return;
            }
            if (_releases.TryRemove(id, out var entry)) entry.Timer.Dispose();
            lease.Dispose();
        }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _releases[id] = (timer, due);
        timer.Change(Settings.WindowSpan, Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        foreach (var (timer, _) in _releases.Values) timer.Dispose();
        _releases.Clear();
        _limiter.Dispose();
    }

    /// <summary>One admitted request. <see cref="Complete"/> it with the response (or none); its permit returns one window later.</summary>
    public sealed class Ticket
    {
        private readonly RequestAdmission _owner;
        private readonly bool _probe;
        private RateLimitLease? _lease;

        internal Ticket(RequestAdmission owner, RateLimitLease lease, bool probe) => (_owner, _lease, _probe) = (owner, lease, probe);

        /// <summary>This request probes a maintenance window learned before its caller started.</summary>
        public bool IsProbe => _probe;

        public void Complete(RateLimitObservation? observation, OutreachFailure? failure)
        {
            var lease = Interlocked.Exchange(ref _lease, null);
            if (lease is null) return;
            _owner.Observe(observation, failure, _probe);
            _owner.ReleaseLater(lease);
        }
    }
}
