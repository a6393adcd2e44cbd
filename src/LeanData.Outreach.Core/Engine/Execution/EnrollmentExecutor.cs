using System.Collections.Concurrent;
using LeanData.Outreach.Engine.Planning;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Store;
using LeanData.Outreach.Outcomes;

namespace LeanData.Outreach.Engine.Execution;

/// <summary>
/// Sends planned (or stored Pending) enrollments to Outreach with bounded concurrency (admission — budget,
/// rate state, maintenance gate — is the transport's, under the gateway), classifies each outcome, and records actions, attempts and
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
    private const int MaxInlineMaintenanceWaits = 3;

    private readonly IEnrollmentGateway _gateway;
    private readonly ActionRepository? _actions;
    private readonly ExecutorOptions _options;
    private readonly CalloutCollector? _callouts;
    private readonly TimeProvider _time;
    private readonly IBulkSender? _bulk;
    private readonly ConcurrentDictionary<long, DateTimeOffset> _renewed = new();
    // One throttle for every batch in flight, so batches sent side by side keep ThrottleLimit calls going together.
    private readonly SemaphoreSlim _sendGate;
    private long _processed, _succeeded, _pending, _failed;
    private volatile StoreException? _storeFailure;
    private readonly RunAuthorization _authorization = new();

    /// <param name="bulk">The bulk path (null: every record is sent on its own).</param>
    public EnrollmentExecutor(IEnrollmentGateway gateway, ActionRepository? actions, ExecutorOptions options, CalloutCollector? callouts = null, TimeProvider? time = null,
        IBulkSender? bulk = null)
    {
        _bulk = bulk;
        _gateway = gateway;
        _actions = actions;
        _options = options.Validated();
        _callouts = callouts;
        _time = time ?? TimeProvider.System;
        _sendGate = new SemaphoreSlim(_options.ThrottleLimit, _options.ThrottleLimit);
    }

    public ExecutorOptions Options => _options;

    public ExecutionProgress Progress => new(0, Interlocked.Read(ref _processed), Interlocked.Read(ref _succeeded), Interlocked.Read(ref _pending), Interlocked.Read(ref _failed));

    /// <summary>
    /// Stores and sends one batch of plans; returns one result per plan, in the same order. Plans that are
    /// not ready are stored with their outcome and never sent. Never throws for per-record failures.
    /// </summary>
    /// <remarks>
    /// Once the store fails (it cannot record a batch, or a batch's results), nothing more is sent in this run: a ready plan
    /// then gets an Error result (StoreRecordNotSent) without a call, and every result the store could not record carries
    /// <see cref="AddToSequenceResult.GetStoreFailure"/>. Records sent before the failure stay Pending under their lease in the
    /// store, so a retry worker that later takes them over looks their sequenceState up instead of sending them again.
    /// </remarks>
    public async Task<IReadOnlyList<AddToSequenceResult>> ExecuteAsync(IReadOnlyList<RecordPlan> plans, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var rows = plans.Select(p => ResultFactory.ToRow(p, now)).ToList();
        long?[] earlier;
        IReadOnlyList<ActionRow> stored;
        try
        {
            if (_storeFailure is { } failed) return NotSent(plans, rows, failed);
            earlier = SkipEarlier(plans, rows, now);
            stored = _actions?.Insert(rows, _options.LeaseOwner, now + _options.LeaseDuration) ?? rows;
        }
        catch (StoreException failure)
        {
            _storeFailure = failure;
            return NotSent(plans, rows, failure);
        }
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
            Send: RetryAccounting.WillRetrySend(r, _options.RetryPolicy),
            CheckExisting: RetryAccounting.OutcomeMayBeUnknown(r.Attempts, r.LastStatusCode, takenOver.Contains(r.Id)))).ToArray();
        foreach (var item in items.Where(i => i.Action.Outcome == ActionOutcome.Pending && !i.Send))
            item.Final = RetryAccounting.IsSendable(item.Action)
                ? ActionFinals.Exhausted(item.Action, item.Action.Attempts, item.Action.Message)
                : item.Action with { Outcome = ActionOutcome.Error, Category = FailureCategory.InvalidRecord, Message = "The stored action lacks a prospect, sequence or mailbox and cannot be sent.", NextAttemptAt = null };
        await RunAsync(items, cancellationToken, storeUnsent: true).ConfigureAwait(false);
        // The worker stops at a failed store; its leased actions stay Pending and the next holder looks them up before sending.
        if (_storeFailure is { } failure) throw failure;
        // And while the authorization is invalid: what it did not send is stored Pending, attempts unspent, for after Connect-LDOutreach.
        if (_authorization.Lost is { } lost) throw AuthorizationLost(lost);
        return items.Select(ToResult).ToList();
    }

    /// <summary>The results of a batch the store could not take: ready plans are not sent (StoreRecordNotSent); the others keep their planned outcome, unrecorded.</summary>
    private List<AddToSequenceResult> NotSent(IReadOnlyList<RecordPlan> plans, IReadOnlyList<ActionRow> rows, StoreException failure)
    {
        var results = new List<AddToSequenceResult>(plans.Count);
        for (var i = 0; i < plans.Count; i++)
        {
            var row = plans[i].IsReady
                ? rows[i] with
                {
                    Outcome = ActionOutcome.Error, Category = FailureCategory.StoreRecordNotSent, NextAttemptAt = null,
                    Message = $"Not sent to Outreach: the store failed, and a record is only sent when its result can be recorded. {failure.Message}",
                }
                : rows[i];
            Count(row);
            results.Add(ResultFactory.From(row, plans[i].Record.Index, plans[i].Record.Source, storeFailure: plans[i].IsReady ? null : failure));
        }
        return results;
    }

    /// <summary>The retry worker's one error for an authorization that is not valid: the failure's own id (a refused refresh's OAuth id, TokenInvalid...).</summary>
    private static LDOutreachException AuthorizationLost(OutreachFailure lost) =>
        new(lost.OutreachErrorId is { } id && ErrorCatalog.Find(id) is { } declared ? declared : ErrorCatalog.Definition(ActionFinals.AuthorizationCategory(lost)),
            ActionFinals.AuthorizationCategory(lost),
            $"The Outreach authorization is not valid ({lost.Message}); the retry worker stopped. The actions it did not send stay Pending, their attempts unspent.",
            ErrorCatalog.Get(FailureCategory.TokenInvalid).FormatRecommendedAction(null));

    private async Task RunAsync(WorkItem[] items, CancellationToken cancellationToken, bool storeUnsent = false)
    {
        if (_bulk is not null) await SendInBulkAsync(items, keepPendingWhenUnauthorized: storeUnsent, cancellationToken).ConfigureAwait(false);
        using var lease = _actions is null ? null
            : new LeaseRenewal(new ActionLeaseRepository(_actions.Store), _options.LeaseOwner, _options.LeaseDuration,
                items.Where(i => i.Action.Outcome == ActionOutcome.Pending).Select(i => i.Action.Id), _time);
        var tasks = new List<Task>(items.Length);
        foreach (var item in items)
        {
            if (!item.Send || item.Final is not null) continue;
            tasks.Add(ProcessAsync(item, lease, keepPendingWhenUnauthorized: storeUnsent, cancellationToken));
        }
        await Task.WhenAll(tasks).ConfigureAwait(false);

        // An action not sent because another holder has its lease now is that holder's to write.
        var completions = items.Where(i => (i.Send || (storeUnsent && i.Final is not null)) && !i.LeaseLost)
            .Select(i => new ActionCompletion(i.Final!, i.Attempts, i.Callouts)).ToList();
        try
        {
            _actions?.Complete(completions, _callouts?.DrainRateLimits(), _options.RateLimitUserId);
        }
        catch (StoreException failure)
        {
            _storeFailure = failure;
            foreach (var item in items.Where(i => i.Send || (storeUnsent && i.Final is not null))) item.NotRecorded = failure;
        }
        foreach (var item in items) Count(item.Final ?? item.Action);
    }

    /// <summary>
    /// Offers what is to be sent to the bulk path: each record it settles gets its final state, with the bulk attempt and
    /// callouts it took part in; a record it hands back (not among the batch's results) goes on to the per-record path.
    /// The authorization rule is the per-record path's: once the bulk path finds it invalid mid-run, nothing more is sent.
    /// </summary>
    private async Task SendInBulkAsync(WorkItem[] items, bool keepPendingWhenUnauthorized, CancellationToken cancellationToken)
    {
        var offered = items.Where(i => i.Send && i.Final is null).ToList();
        if (offered.Count < _bulk!.Threshold || _authorization.Lost is not null) return;
        var verdicts = await _bulk.EnrollAsync(offered.Select(i => new BulkMember(i.Action, i.CheckExisting)).ToList(), _options.RetryPolicy, RenewLeases,
            _authorization, keepPendingWhenUnauthorized, cancellationToken).ConfigureAwait(false);
        for (var k = 0; k < offered.Count; k++)
        {
            if (verdicts[k] is not { } verdict) continue;
            var item = offered[k];
            item.Attempts.AddRange(verdict.Attempts);
            item.Callouts.AddRange(verdict.Callouts);
            if (verdict.Final is { } final) item.Final = final;
            else if (verdict.Continue is { } next)
            {
                item.Action = next;
                item.CheckExisting = verdict.CheckExistingAfter;
                if (!RetryAccounting.MayAttempt(next.Attempts, _options.RetryPolicy)) item.Final = ActionFinals.Exhausted(next, next.Attempts, next.Message);
            }
        }
    }

    /// <summary>Keeps the leases of actions in a bulk action that is being polled, renewing them once a third of the lease has passed.</summary>
    private void RenewLeases(IReadOnlyCollection<long> ids)
    {
        if (_actions is null || ids.Count == 0) return;
        var now = _time.GetUtcNow();
        var key = ids.First();
        var last = _renewed.GetOrAdd(key, now);
        if (now - last < _options.LeaseDuration / 3) return;
        _renewed[key] = now;
        try
        {
            new ActionLeaseRepository(_actions.Store).Renew(_options.LeaseOwner, ids, now + _options.LeaseDuration);
        }
        catch (Exception ex) when (StoreFailures.IsStoreFailure(ex))
        {
            // The completion's write reports a failing store; a missed heartbeat only shortens the lease.
        }
    }

    /// <param name="keepPendingWhenUnauthorized">
    /// Keep actions Pending (attempts unspent) when the authorization is found invalid even if nothing was authorized yet in
    /// this run: the retry worker's case. A new run (Invoke) that is refused before any request got through keeps the
    /// documented ConfigurationError result for its records; once one got through, a later refusal means the authorization
    /// became invalid mid-run, and what is not sent stays Pending.
    /// </param>
    private async Task ProcessAsync(WorkItem item, LeaseRenewal? lease, bool keepPendingWhenUnauthorized, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var action = item.Action;
        var attempts = action.Attempts;
        var sent = false;
        var duration = 0L;
        int? lastStatus = null;
        try
        {
            await _sendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                for (var maintenanceWaits = 0; ; maintenanceWaits++)
                {
                    using var scope = _callouts?.Begin();
                    var started = _time.GetUtcNow();
                    // A permit handed over while Ctrl+C unwinds the others must not count as a request in flight.
                    cancellationToken.ThrowIfCancellationRequested();
                    if (lease?.IsLost(action.Id) == true)
                    {
                        item.LeaseLost = true;
                        return;
                    }
                    if (_authorization.Lost is { } invalid)
                    {
                        item.Final = Unauthorized(action, attempts, invalid, duration, sent: false);
                        return;
                    }
                    sent = true;
                    EnrollmentResult result;
                    try
                    {
                        // An earlier attempt whose outcome is unknown: the client looks before it sends again.
                        result = await _gateway.EnrollAsync(action.ProspectId!.Value, action.SequenceId!.Value, action.MailboxId!.Value,
                            item.CheckExisting ? action.CreatedAt : null, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        if (scope is { } s) item.Callouts.AddRange(s.Callouts);
                    }
                    sent = false;
                    if (result.Failure is { NotSent: true } blocked)
                    {
                        item.Final = Pending(action, attempts, blocked.RetryAt ?? _time.GetUtcNow() + _options.RetryPolicy.IntervalSpan, blocked.Category, blocked.Message, duration, lastStatus);
                        return;
                    }
                    if (result.Failure is { InvalidatesAuthorization: true } refused && _authorization.BecameInvalid(refused, keepPendingWhenUnauthorized))
                    {
                        item.Final = Unauthorized(action, attempts, refused, duration, sent: true);
                        return;
                    }
                    if (result.StatusCode > 0 && result.Failure is not { InvalidatesAuthorization: true }) _authorization.Accepted();
                    if (result.RecoveredExisting && result.HttpAttempts == 0)
                    {
                        item.Final = ActionFinals.Succeeded(action, attempts, result.SequenceStateId, result.StatusCode, 0, action.Via ?? SendPath.Single,
                            "The earlier attempt had enrolled the prospect; its sequenceState was found instead of sending again.");
                        return;
                    }
                    attempts++;
                    lastStatus = result.StatusCode;
                    var elapsed = result.DurationMs > 0 ? result.DurationMs : (long)(_time.GetUtcNow() - started).TotalMilliseconds;
                    duration += elapsed;
                    var failure = result.Failure;
                    item.Attempts.Add(new AttemptRow(attempts, started, result.StatusCode, failure?.Category ?? FailureCategory.None,
                        failure?.Message ?? (result.RecoveredExisting ? "Recovered the existing sequenceState." : null), elapsed, SendPath.Single));

                    if (result.Succeeded)
                    {
                        item.Final = ActionFinals.Succeeded(action, attempts, result.SequenceStateId, result.StatusCode, duration, SendPath.Single);
                        return;
                    }
                    failure ??= new OutreachFailure(FailureCategory.Transient, result.StatusCode, null, "Outreach returned no sequenceState.");
                    // The transport's maintenance gate now holds every request until the window ends: a short one
                    // is waited out in-line there, a long one comes back as not sent (Pending until its end).
                    if (failure.Category == FailureCategory.ScheduledMaintenance && failure.RetryAt is not null && maintenanceWaits < MaxInlineMaintenanceWaits
                        && RetryAccounting.MayAttempt(attempts, _options.RetryPolicy))
                        continue;
                    // A rate limit is never an Error: it waits for the server's reset in the store.
                    item.Final = ActionFinals.AfterFailure(action, attempts, failure with { StatusCode = result.StatusCode }, result.RateLimit?.RetryAt, _time.GetUtcNow(),
                        _options.RetryPolicy, duration, SendPath.Single);
                    return;
                }
            }
            finally
            {
                _sendGate.Release();
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
            item.Final = Pending(action, sent ? attempts + 1 : attempts, _time.GetUtcNow() + _options.RetryPolicy.IntervalSpan, FailureCategory.Transient,
                message, duration, lastStatus: null, countAttempt: sent, item);
        }
    }

    private ActionRow Unauthorized(ActionRow action, int attempts, OutreachFailure refused, long duration, bool sent) =>
        ActionFinals.Unauthorized(action, attempts, refused, _time.GetUtcNow(), duration, sent);

    private static ActionRow Pending(ActionRow action, int attempts, DateTimeOffset next, FailureCategory category, string? message, long duration,
        int? lastStatus = null, bool countAttempt = false, WorkItem? item = null)
    {
        if (countAttempt && item is not null)
            item.Attempts.Add(new AttemptRow(attempts, next, null, FailureCategory.None, message, duration, SendPath.Single));
        return ActionFinals.Pending(action, attempts, next, category, message, duration, lastStatus, countAttempt ? SendPath.Single : null, outcomeUnknown: countAttempt);
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
    }

    private static AddToSequenceResult ToResult(WorkItem item) => ResultFactory.From(item.Final ?? item.Action, item.RecordIndex, item.Source, item.EarlierActionId, item.NotRecorded);

    private sealed class WorkItem(ActionRow action, long recordIndex, object? source, bool Send, bool CheckExisting)
    {
        public ActionRow Action { get; set; } = action;
        public long RecordIndex { get; } = recordIndex;
        public object? Source { get; } = source;
        public bool Send { get; set; } = Send;
        public bool CheckExisting { get; set; } = CheckExisting;
        public ActionRow? Final { get; set; }
        public long? EarlierActionId { get; init; }
        public List<AttemptRow> Attempts { get; } = [];
        public List<CalloutRecord> Callouts { get; } = [];
        public StoreException? NotRecorded { get; set; }
        public bool LeaseLost { get; set; }
    }
}
