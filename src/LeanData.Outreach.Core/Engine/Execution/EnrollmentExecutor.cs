using LeanData.Outreach.Engine.Planning;
using LeanData.Outreach.Engine.RateLimiting;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Store;
using LeanData.Outreach.Outcomes;

namespace LeanData.Outreach.Engine.Execution;

/// <summary>
/// Sends planned (or stored Pending) enrollments to Outreach with bounded concurrency, the client budget
/// and the server's rate-limit headers, classifies each outcome, and records actions, attempts and
/// callouts in the store, one transaction per batch. Used by Invoke-LDAddToSequence for new records
/// (<see cref="ExecuteAsync"/>) and by the retry worker for due Pending actions (<see cref="RetryAsync"/>).
/// </summary>
/// <remarks>
/// Cancellation never loses a record: whatever was not sent is stored Pending (due now), and a request
/// cancelled in flight is stored Pending with an unknown outcome, so its retry looks for an existing
/// sequenceState before sending again. Store writes run to completion even after cancellation.
/// </remarks>
public sealed class EnrollmentExecutor
{
    private static readonly TimeSpan ResetMargin = TimeSpan.FromMilliseconds(250);
    private const int MaxInlineMaintenanceWaits = 3;

    private readonly IEnrollmentGateway _gateway;
    private readonly ActionRepository? _actions;
    private readonly ExecutorOptions _options;
    private readonly CalloutCollector? _callouts;
    private readonly TimeProvider _time;
    private readonly ClientRateBudget _budget;
    private readonly object _maintenanceGate = new();
    private DateTimeOffset _maintenanceUntil;
    private int _inFlight;
    private long _processed, _succeeded, _pending, _failed;

    public EnrollmentExecutor(IEnrollmentGateway gateway, ActionRepository? actions, ExecutorOptions options, CalloutCollector? callouts = null, TimeProvider? time = null)
    {
        _gateway = gateway;
        _actions = actions;
        _options = options.Validated();
        _callouts = callouts;
        _time = time ?? TimeProvider.System;
        _budget = RateBudgetRegistry.For(options.BudgetScope, options.BudgetUserId, options.RateLimit);
        if (actions?.GetRateLimitStatus(options.BudgetUserId) is { } stored)
            _budget.Server.Seed(stored.Remaining, stored.ResetAt, _time.GetUtcNow());
        if (callouts is not null) callouts.RateLimitObserved += observation => _budget.Server.Observe(observation, Volatile.Read(ref _inFlight) - 1);
    }

    public ExecutorOptions Options => _options;

    /// <summary>Raised after each record gets its final result for this run (from worker threads).</summary>
    public event Action<ExecutionProgress>? ProgressChanged;

    /// <summary>Raised (on a worker thread) each time sending pauses for maintenance or a rate-limit reset.</summary>
    public event Action<SendWait>? Waiting;

    public ExecutionProgress Progress => new(0, Interlocked.Read(ref _processed), Interlocked.Read(ref _succeeded), Interlocked.Read(ref _pending), Interlocked.Read(ref _failed));

    /// <summary>
    /// Stores and sends one batch of plans; returns one result per plan, in the same order. Plans that are
    /// not ready are stored with their outcome and never sent. Never throws for per-record failures.
    /// </summary>
    public async Task<IReadOnlyList<AddToSequenceResult>> ExecuteAsync(IReadOnlyList<RecordPlan> plans, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var rows = plans.Select(p => ResultFactory.ToRow(p, now)).ToList();
        var earlier = SkipEarlier(plans, rows, now);
        var stored = _actions?.Insert(rows, _options.LeaseOwner, now + _options.LeaseDuration) ?? rows;
        var items = new WorkItem[plans.Count];
        for (var i = 0; i < plans.Count; i++)
            items[i] = new WorkItem(stored[i], plans[i].Record.Index, plans[i].Record.Source, plans[i].IsReady && stored[i].Outcome != ActionOutcome.Skipped, CheckExisting: false)
                { EarlierActionId = earlier[i] };
        await RunAsync(items, cancellationToken).ConfigureAwait(false);
        return items.Select(ToResult).ToList();
    }

    /// <summary>
    /// Turns each ready row whose record already has a Success or Pending action for the same sequence and node
    /// (in the store, or earlier in this batch) into a Skipped row (AlreadyAdded / AlreadyPending) that is never
    /// sent; returns the earlier action id per row (null where the row is sent). One store query for the batch.
    /// </summary>
    private long?[] SkipEarlier(IReadOnlyList<RecordPlan> plans, List<ActionRow> rows, DateTimeOffset now)
    {
        var earlierIds = new long?[plans.Count];
        if (_options.Force || _actions is null) return earlierIds;
        var ready = Enumerable.Range(0, plans.Count).Where(i => plans[i].IsReady && rows[i].RecordId is not null && rows[i].SequenceId is not null).ToList();
        if (ready.Count == 0) return earlierIds;
        var found = new EarlierActionQuery(_actions.Store).Find(ready.Select(i => rows[i].RecordId!).ToList(), now - _options.SkipIfAddedWithin);
        var inBatch = new Dictionary<(string, long, string), int>();
        foreach (var i in ready)
        {
            var row = rows[i];
            var key = (row.RecordId!, row.SequenceId!.Value, row.NodeName);
            if (found.TryGetValue(key, out var e))
            {
                earlierIds[i] = e.Id;
                rows[i] = e.Outcome == ActionOutcome.Success
                    ? Skipped(row, FailureCategory.AlreadyAdded, $"already added to sequence '{row.SequenceName}' ({row.SequenceId}) at node '{row.NodeName}' by action {e.Id} on {e.UpdatedAt:u}" +
                        (e.SequenceStateId is { } state ? $" (sequenceState {state})" : "") + "; not sent again (-Force sends anyway).", e.SequenceStateId)
                    : Skipped(row, FailureCategory.AlreadyPending, $"already has Pending action {e.Id} for sequence '{row.SequenceName}' ({row.SequenceId}) at node '{row.NodeName}'; not sent again (Start-LDRetryWorker sends that action).", null);
            }
            else if (!inBatch.TryAdd(key, i))
                rows[i] = Skipped(row, FailureCategory.AlreadyPending, $"appears earlier in the same batch for sequence '{row.SequenceName}' ({row.SequenceId}) at node '{row.NodeName}'; sent once.", null);
        }
        return earlierIds;
    }

    private static ActionRow Skipped(ActionRow row, FailureCategory reason, string message, long? sequenceStateId) => row with
    {
        Outcome = ActionOutcome.Skipped, Category = reason, Message = $"{row.RecordType} {row.RecordId}: {message}", NextAttemptAt = null, SequenceStateId = sequenceStateId,
    };

    /// <summary>
    /// Sends stored actions again (the retry worker's entry point). Each must be Pending; others are
    /// returned as they are, untouched. An action already out of attempts becomes Error ("Retry attempt
    /// exceeded") without a call. An action whose outcome may be unknown (<see cref="RetryAccounting.OutcomeMayBeUnknown"/>:
    /// its last attempt got no answer, a 5xx or was cancelled in flight, or its lease was taken over from a
    /// holder that may have died mid-send) is first looked up, so it is never enrolled twice. The caller holds the lease.
    /// </summary>
    public Task<IReadOnlyList<AddToSequenceResult>> RetryAsync(IReadOnlyList<LeasedAction> claimed, CancellationToken cancellationToken) =>
        RetryAsync(claimed.Select(c => c.Id).ToList(), claimed.Where(c => c.TakenOver).Select(c => c.Id).ToHashSet(), cancellationToken);

    /// <summary>Sends stored actions again by id (none of them taken over from another lease holder); see the overload above.</summary>
    public Task<IReadOnlyList<AddToSequenceResult>> RetryAsync(IReadOnlyList<long> actionIds, CancellationToken cancellationToken) =>
        RetryAsync(actionIds, new HashSet<long>(), cancellationToken);

    private async Task<IReadOnlyList<AddToSequenceResult>> RetryAsync(IReadOnlyList<long> actionIds, IReadOnlySet<long> takenOver, CancellationToken cancellationToken)
    {
        if (_actions is null) throw new InvalidOperationException("Retrying stored actions needs a store.");
        var rows = _actions.Get(actionIds);
        var items = rows.Select(r => new WorkItem(r, 0, null,
            Send: r.Outcome == ActionOutcome.Pending && r.ProspectId is not null && r.SequenceId is not null && r.MailboxId is not null,
            CheckExisting: RetryAccounting.OutcomeMayBeUnknown(r.Attempts, r.LastStatusCode, takenOver.Contains(r.Id)))).ToArray();
        foreach (var item in items)
        {
            if (item.Action.Outcome == ActionOutcome.Pending && !item.Send)
                item.Final = item.Action with { Outcome = ActionOutcome.Error, Category = FailureCategory.InvalidRecord, Message = "The stored action lacks a prospect, sequence or mailbox and cannot be sent.", NextAttemptAt = null };
            else if (item.Send && !RetryAccounting.MayAttempt(item.Action.Attempts, _options.RetryPolicy))
            {
                item.Send = false;
                item.Final = Exhausted(item.Action, item.Action.Attempts, item.Action.Message);
            }
        }
        await RunAsync(items, cancellationToken, storeUnsent: true).ConfigureAwait(false);
        return items.Select(ToResult).ToList();
    }

    private async Task RunAsync(WorkItem[] items, CancellationToken cancellationToken, bool storeUnsent = false)
    {
        using var gate = new SemaphoreSlim(_options.ThrottleLimit, _options.ThrottleLimit);
        var tasks = new List<Task>(items.Length);
        foreach (var item in items)
        {
            if (!item.Send) continue;
            tasks.Add(ProcessAsync(item, gate, cancellationToken));
        }
        await Task.WhenAll(tasks).ConfigureAwait(false);

        var completions = items.Where(i => i.Send || (storeUnsent && i.Final is not null))
            .Select(i => new ActionCompletion(i.Final!, i.Attempts, i.Callouts)).ToList();
        _actions?.Complete(completions, _callouts?.DrainRateLimits(), _options.BudgetUserId);
        foreach (var item in items) Count(item.Final ?? item.Action);
    }

    private async Task ProcessAsync(WorkItem item, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var action = item.Action;
        var attempts = action.Attempts;
        var sent = false;
        var duration = 0L;
        try
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                for (var maintenanceWaits = 0; ; maintenanceWaits++)
                {
                    if (await WaitForSendSlotAsync(cancellationToken).ConfigureAwait(false) is { } blocked)
                    {
                        item.Final = Pending(action, attempts, blocked.Until, blocked.Category, blocked.Message, duration);
                        return;
                    }

                    using var scope = _callouts?.Begin();
                    var started = _time.GetUtcNow();
                    Interlocked.Increment(ref _inFlight);
                    sent = true;
                    EnrollmentResult result;
                    try
                    {
                        if (item.CheckExisting && await FindExistingAsync(action, cancellationToken).ConfigureAwait(false) is { } existing)
                        {
                            item.Callouts.AddRange(scope?.Callouts ?? []);
                            item.Final = action with
                            {
                                Outcome = ActionOutcome.Success, Category = FailureCategory.None, SequenceStateId = existing, NextAttemptAt = null,
                                Message = "The earlier attempt had enrolled the prospect; its sequenceState was found instead of sending again.",
                                FailureReason = null, LastStatusCode = 200, Attempts = attempts,
                            };
                            return;
                        }
                        result = await _gateway.EnrollAsync(action.ProspectId!.Value, action.SequenceId!.Value, action.MailboxId!.Value, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref _inFlight);
                        if (scope is { } s) item.Callouts.AddRange(s.Callouts);
                    }
                    sent = false;
                    attempts++;
                    var elapsed = result.DurationMs > 0 ? result.DurationMs : (long)(_time.GetUtcNow() - started).TotalMilliseconds;
                    duration += elapsed;
                    if (result.RateLimit is { } observed && _callouts is null) _budget.Server.Observe(observed, Volatile.Read(ref _inFlight));
                    var failure = result.Failure;
                    item.Attempts.Add(new AttemptRow(attempts, started, result.StatusCode, failure?.Category ?? FailureCategory.None,
                        failure?.Message ?? (result.RecoveredExisting ? "Recovered the existing sequenceState." : null), elapsed));

                    if (result.Succeeded)
                    {
                        item.Final = action with
                        {
                            Outcome = ActionOutcome.Success, Category = FailureCategory.None, SequenceStateId = result.SequenceStateId, Attempts = attempts,
                            NextAttemptAt = null, LastStatusCode = result.StatusCode, Message = null, FailureReason = null, TotalDurationMs = action.TotalDurationMs + duration,
                        };
                        return;
                    }
                    failure ??= new OutreachFailure(FailureCategory.Transient, result.StatusCode, null, "Outreach returned no sequenceState.");
                    var now = _time.GetUtcNow();
                    switch (failure.Category)
                    {
                        case FailureCategory.RateLimitExceeded:
                            // Never an Error: wait for the server's reset in the store.
                            var reset = failure.RetryAt ?? result.RateLimit?.RetryAt ?? now + _options.RetryPolicy.Interval;
                            if (result.RateLimit is null || result.RateLimit.StatusCode != 429) _budget.Server.Observe(new RateLimitObservation(429, now, null, 0, reset, reset), 0);
                            item.Final = Pending(action, attempts, reset, failure.Category, failure.Message, duration, result.StatusCode);
                            return;
                        case FailureCategory.ScheduledMaintenance:
                            var until = failure.RetryAt ?? now + _options.RetryPolicy.Interval;
                            // Retry-After has whole-second precision: a time already past means "within the second".
                            var gateUntil = until > now ? until : now + TimeSpan.FromSeconds(1);
                            lock (_maintenanceGate) if (gateUntil > _maintenanceUntil) _maintenanceUntil = gateUntil;
                            if (until - now <= _options.MaxInlineWait && maintenanceWaits < MaxInlineMaintenanceWaits && RetryAccounting.MayAttempt(attempts, _options.RetryPolicy))
                                continue;   // the next loop waits for the window to end, then sends again
                            item.Final = Retryable(action, attempts, failure, until, duration);
                            return;
                        default:
                            item.Final = failure.IsRetryable
                                ? Retryable(action, attempts, failure, now + _options.RetryPolicy.Interval, duration)
                                : action with
                                {
                                    Outcome = ActionOutcome.Error, Category = failure.Category, Message = failure.Message ?? failure.Descriptor.Title,
                                    FailureReason = failure.Descriptor.FailureReason, Attempts = attempts, NextAttemptAt = null,
                                    LastStatusCode = result.StatusCode, TotalDurationMs = action.TotalDurationMs + duration,
                                };
                            return;
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            item.Final = sent
                ? Pending(action, attempts + 1, _time.GetUtcNow(), FailureCategory.None,
                    "Stopped while the request was in flight; the outcome is unknown, so the retry looks for an existing sequenceState before sending again.", duration, lastStatus: null, countAttempt: true, item)
                : Pending(action, attempts, _time.GetUtcNow(), FailureCategory.None, "Stopped before sending; the retry worker will send it.", duration);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Anything unexpected from the call is treated as a transient failure with an unknown outcome: kept, never lost.
            var message = $"Unexpected failure: {ex.Message}";
            item.Final = Pending(action, sent ? attempts + 1 : attempts, _time.GetUtcNow() + _options.RetryPolicy.Interval, FailureCategory.Transient,
                message, duration, lastStatus: null, countAttempt: sent, item);
        }
    }

    private readonly record struct Blocked(DateTimeOffset Until, FailureCategory Category, string Message);

    /// <summary>Waits (up to MaxInlineWait each time) for maintenance to end, the server budget to reset and a client-budget permit.</summary>
    private async Task<Blocked?> WaitForSendSlotAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = _time.GetUtcNow();
            DateTimeOffset maintenance;
            lock (_maintenanceGate) maintenance = _maintenanceUntil;
            if (maintenance > now)
            {
                if (maintenance - now > _options.MaxInlineWait)
                    return new Blocked(maintenance, FailureCategory.ScheduledMaintenance, $"Outreach is in scheduled maintenance until {maintenance:u}; not sent.");
                Waiting?.Invoke(new SendWait("Outreach's scheduled maintenance window", maintenance, maintenance - now));
                await Task.Delay(maintenance - now, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (_budget.Server.TryReserve(now) is { } reset)
            {
                if (reset - now > _options.MaxInlineWait)
                    return new Blocked(reset, FailureCategory.RateLimitExceeded, $"Outreach's rate limit is used up until {reset:u} (X-RateLimit-Remaining 0); not sent.");
                Waiting?.Invoke(new SendWait("Outreach's rate limit (X-RateLimit-Remaining 0) to reset", reset, reset - now + ResetMargin));
                await Task.Delay(reset - now + ResetMargin, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (_budget.ExhaustedUntil is { } exhausted && exhausted > now)
            {
                _budget.Server.Release();
                return new Blocked(exhausted, FailureCategory.RateLimitExceeded,
                    $"The client request budget ({_options.RateLimit.Limit} per {_options.RateLimit.Window}) is used up; not sent (see Set-LDRateLimit).");
            }
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(_options.MaxInlineWait);
            try
            {
                await _budget.Pipeline.ExecuteAsync(static _ => ValueTask.CompletedTask, wait.Token).ConfigureAwait(false);
                return null;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is OperationCanceledException or Polly.RateLimiting.RateLimiterRejectedException)
            {
                _budget.Server.Release();
                var next = _time.GetUtcNow() + (ex is Polly.RateLimiting.RateLimiterRejectedException { RetryAfter: { } after } ? after : _budget.Window);
                _budget.MarkExhausted(next);
                return new Blocked(next, FailureCategory.RateLimitExceeded,
                    $"The client request budget ({_options.RateLimit.Limit} per {_options.RateLimit.Window}) is used up; not sent (see Set-LDRateLimit).");
            }
            catch
            {
                _budget.Server.Release();
                throw;
            }
        }
    }

    private async Task<long?> FindExistingAsync(ActionRow action, CancellationToken cancellationToken)
    {
        var found = await _gateway.FindSequenceStatesAsync(action.ProspectId!.Value, action.SequenceId!.Value, cancellationToken).ConfigureAwait(false);
        if (!found.IsSuccess || found.Value is null) return null;
        var since = action.CreatedAt - TimeSpan.FromMinutes(1);
        return found.Value.FirstOrDefault(s => s.IsActive || (s.CreatedAt is { } created && created >= since))?.Id;
    }

    private ActionRow Retryable(ActionRow action, int attempts, OutreachFailure failure, DateTimeOffset next, long duration)
    {
        if (RetryAccounting.IsExhausted(attempts, _options.RetryPolicy))
            return Exhausted(action with { TotalDurationMs = action.TotalDurationMs + duration, LastStatusCode = failure.StatusCode }, attempts, failure.Message);
        return Pending(action, attempts, next, failure.Category, failure.Message, duration, failure.StatusCode);
    }

    private static ActionRow Exhausted(ActionRow action, int attempts, string? lastMessage) => action with
    {
        Outcome = ActionOutcome.Error,
        Category = FailureCategory.RetryAttemptsExceeded,
        FailureReason = ErrorCatalog.FailureReasonRetryAttemptExceeded,
        Message = $"Retry attempt exceeded after {attempts} attempts." + (lastMessage is null ? "" : " Last failure: " + lastMessage),
        Attempts = attempts,
        NextAttemptAt = null,
    };

    private static ActionRow Pending(ActionRow action, int attempts, DateTimeOffset next, FailureCategory category, string? message, long duration,
        int? lastStatus = null, bool countAttempt = false, WorkItem? item = null)
    {
        if (countAttempt && item is not null)
            item.Attempts.Add(new AttemptRow(attempts, next, null, FailureCategory.None, message, duration));
        return action with
        {
            Outcome = ActionOutcome.Pending,
            Category = category,
            Message = message,
            FailureReason = category == FailureCategory.None ? null : ErrorCatalog.Get(category).FailureReason,
            Attempts = attempts,
            NextAttemptAt = next,
            LastStatusCode = lastStatus ?? (countAttempt ? null : action.LastStatusCode),
            TotalDurationMs = action.TotalDurationMs + duration,
        };
    }

    private void Count(ActionRow final)
    {
        Interlocked.Increment(ref _processed);
        switch (final.Outcome)
        {
            case ActionOutcome.Success: Interlocked.Increment(ref _succeeded); break;
            case ActionOutcome.Pending: Interlocked.Increment(ref _pending); break;
            case ActionOutcome.Error or ActionOutcome.Edge: Interlocked.Increment(ref _failed); break;
        }
        ProgressChanged?.Invoke(Progress);
    }

    private static AddToSequenceResult ToResult(WorkItem item) => ResultFactory.From(item.Final ?? item.Action, item.RecordIndex, item.Source, item.EarlierActionId);

    private sealed class WorkItem(ActionRow action, long recordIndex, object? source, bool Send, bool CheckExisting)
    {
        public ActionRow Action { get; } = action;
        public long RecordIndex { get; } = recordIndex;
        public object? Source { get; } = source;
        public bool Send { get; set; } = Send;
        public bool CheckExisting { get; } = CheckExisting;
        public ActionRow? Final { get; set; }
        public long? EarlierActionId { get; init; }
        public List<AttemptRow> Attempts { get; } = [];
        public List<CalloutRecord> Callouts { get; } = [];
    }
}
