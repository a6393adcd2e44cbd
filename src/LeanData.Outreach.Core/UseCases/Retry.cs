using LeanData.Outreach.Configuration;
using LeanData.Outreach.Engine.Bulk;
using LeanData.Outreach.Engine.Execution;
using LeanData.Outreach.Engine.Retry;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Logs;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Store;
using LeanData.Outreach.Connection;

namespace LeanData.Outreach.UseCases;

/// <summary>
/// The front door of the retry worker. <see cref="Open"/> validates the request and lists what is due (no
/// connection needed, so -WhatIf works offline); <see cref="Approve"/> puts every due action through the caller's
/// gate (ShouldProcess); <see cref="RunAsync"/> opens the session and its callout observer, builds the executor
/// (the same options and, through the session, the same client budget as Add to Sequence) and drains or polls.
/// </summary>
public sealed class Retry
{
    private const int ListLimit = 10_000;

    private readonly LDStore _store;
    private readonly RetryRequest _request;
    private readonly RetryWorkerOptions _options;
    private bool _approved;

    private Retry(LDStore store, RetryRequest request, RetryWorkerOptions options, IReadOnlyList<long> due, IReadOnlyList<long> notPending)
    {
        _store = store;
        _request = request;
        _options = options;
        Due = due;
        NotPending = notPending;
    }

    /// <summary>The actions that would be sent now (at most 10,000 listed).</summary>
    public IReadOnlyList<long> Due { get; }

    /// <summary>Of the actions asked for by id, those that are not Pending (or leased by another worker): they are not retried.</summary>
    public IReadOnlyList<long> NotPending { get; }

    /// <summary>Drains what is due once (asked for, or implied by picked action ids) rather than polling.</summary>
    public bool Once => _request.Once || _options.ActionIds is not null;

    public string Owner => _options.Owner;

    public TimeSpan PollInterval => _options.PollInterval;

    /// <summary>Validates the request and lists what is due. Throws <see cref="UseCaseException"/> for an invalid option.</summary>
    public static Retry Open(LDStore store, RetryRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (request.IncludeNotDue && !request.Once)
            throw new UseCaseException(ErrorCatalog.InvalidRetryWorkerOption, FailureCategory.ConfigurationError,
                "-IncludeNotDue works only with -Once: a polling worker would send every Pending action again at each poll.", "Run Start-LDRetryWorker -Once -IncludeNotDue.");
        RetryWorkerOptions options;
        try
        {
            options = new RetryWorkerOptions
            {
                BatchSize = request.BatchSize, LeaseDuration = request.LeaseDuration, PollInterval = request.PollInterval, IncludeNotDue = request.IncludeNotDue,
                ActionIds = request.ActionIds?.Distinct().ToArray(),
            }.Validated();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new UseCaseException(ErrorCatalog.InvalidRetryWorkerOption, FailureCategory.ConfigurationError, ex.Message,
                "Correct the value and run the command again.", ex.ActualValue, ex);
        }
        var due = new ActionLeaseRepository(store).PeekDue(DateTimeOffset.UtcNow, ListLimit, options.IncludeNotDue || options.ActionIds is not null, options.ActionIds);
        var notPending = options.ActionIds?.Except(due).ToArray() ?? [];
        return new Retry(store, request, options, due, notPending);
    }

    /// <summary>
    /// Puts every due action through <paramref name="approve"/> (with its audit entry and the attempt it would be
    /// out of the allowed ones); with nothing due, asks once with null. The run goes ahead only if all are approved.
    /// </summary>
    public bool Approve(Func<DueAction?, bool> approve, CancellationToken cancellationToken)
    {
        if (Due.Count == 0) return _approved = approve(null);
        var allowed = RetryAccounting.AllowedAttempts(new ConfigurationRepository(_store).GetRetryPolicy());
        var approved = 0;
        foreach (var entry in new AuditLogQuery(_store).Read(new AuditLogFilter { ActionIds = Due }, cancellationToken))
            if (approve(new DueAction(entry, entry.AttemptCount + 1, allowed))) approved++;
        return _approved = approved == Due.Count;
    }

    /// <summary>
    /// Under -WhatIf: the due actions cut into batches as the drain claims them (<see cref="Due"/> is in claim order), and
    /// each group of a batch that would go to Outreach as one bulk action (the same rule and daily cap as a drain). Reads only.
    /// </summary>
    public IReadOnlyList<BulkPreview> PreviewBulk()
    {
        var options = _request.Bulk.WithStoredLimit(_store);
        if (!BulkAvailability.GrantedBy(new ConnectionRepository(_store).Get()?.Scopes)) return [];
        var policy = new ConfigurationRepository(_store).GetRetryPolicy();
        var previewer = new BulkPreviewer(options, _options.BatchSize, BulkDailyCap.Preview(options.DailyItemCap, _store, TimeProvider.System));
        foreach (var row in new ActionRepository(_store).Get(Due))
        {
            var send = RetryAccounting.WillRetrySend(row, policy);
            previewer.Add(send ? row.SequenceId : null, row.MailboxId, row.ProspectId, row.SequenceName);
        }
        previewer.Flush();
        return previewer.Previews;
    }

    /// <summary>
    /// Opens the session, makes sure it can get a token now, and drains (or polls until <paramref name="cancellationToken"/>
    /// is cancelled). <paramref name="attach"/> subscribes to the worker's events before it starts. Throws the Core's
    /// failure (OutreachNotConnected, a refused refresh...) before any action is touched.
    /// </summary>
    /// <param name="warn">Told, once and from a worker thread, when bulk enrollment is turned off (missing batches scopes, a 403).</param>
    public async Task<RetryWorkerSummary> RunAsync(Action<RetryWorker>? attach, CancellationToken cancellationToken, Action<string>? warn = null)
    {
        if (!_approved) throw new InvalidOperationException("Approve the due actions first.");
        var callouts = new CalloutCollector(_request.Observer);
        using var session = OutreachSession.FromStore(_store, new OutreachSessionOptions { Observer = callouts });
        await session.Tokens.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false);
        var bulkOptions = _request.Bulk.WithStoredLimit(_store);
        var bulk = bulkOptions.Enabled ? new BulkEnroller(session.Client, bulkOptions, _store, callouts) : null;
        if (bulk is not null && warn is not null) bulk.Availability.Warned += warn;
        var executor = new EnrollmentExecutor(new OutreachEnrollmentGateway(session.Client), new ActionRepository(_store), new ExecutorOptions
        {
            ThrottleLimit = _request.ThrottleLimit,
            RetryPolicy = new ConfigurationRepository(_store).GetRetryPolicy(),
            RateLimitUserId = session.Connection.AuthorizedUserId ?? 0,
            LeaseOwner = _options.Owner,
            LeaseDuration = _options.LeaseDuration,
        }, callouts, bulk: bulk);
        var worker = new RetryWorker(new ActionLeaseRepository(_store), executor, _options);
        attach?.Invoke(worker);
        return Once ? await worker.RunOnceAsync(cancellationToken).ConfigureAwait(false) : await worker.RunAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>A due action as the approval gate sees it: its audit entry and which attempt this would be.</summary>
public sealed record DueAction(AuditEntry Entry, int Attempt, int AllowedAttempts);
