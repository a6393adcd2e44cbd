using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Threading.Channels;
using LeanData.Outreach.Catalog;
using LeanData.Outreach.Engine.CatalogRefresh;
using LeanData.Outreach.Configuration;
using LeanData.Outreach.Engine.Batching;
using LeanData.Outreach.Engine.Bulk;
using LeanData.Outreach.Engine.Execution;
using LeanData.Outreach.Engine.Planning;
using LeanData.Outreach.Engine.Records;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outreach.OAuth;
using LeanData.Outreach.Outreach.Transport;
using LeanData.Outreach.Routing;
using LeanData.Outreach.Store;
using LeanData.Outreach.Connection;

namespace LeanData.Outreach.UseCases;

/// <summary>
/// The front door of Add to Sequence. <see cref="Open"/> owns everything a run needs: the session and its callout
/// observer, catalog freshness (refreshed once when stale) and which failures mean the authorization is invalid,
/// the catalog snapshot, the sequence and sender, the planner, the executor's options and the gateway. The caller
/// then only <see cref="Submit"/>s records — each ready plan passes its approval gate (ShouldProcess) on the
/// caller's thread before it is sent — pumps <see cref="Results"/>, and completes.
/// </summary>
public sealed class AddToSequence : IAsyncDisposable
{
    private readonly Planner _planner;
    private readonly AddToSequenceRun? _run;
    private readonly OutreachSession? _session;
    private readonly Channel<AddToSequenceResult> _planOnly = Channel.CreateUnbounded<AddToSequenceResult>();
    private readonly ConcurrentQueue<SendWait> _waits = new();
    private readonly ConcurrentQueue<string> _runWarnings = new();
    private readonly BulkPreviewer? _previewer;
    private readonly BulkEnroller? _bulk;
    private long _planned, _noCall;

    private AddToSequence(Planner planner, AddToSequenceRun? run, OutreachSession? session, IReadOnlyList<string> warnings, BulkPreviewer? previewer = null,
        BulkEnroller? bulk = null)
    {
        _planner = planner;
        _run = run;
        _session = session;
        _previewer = previewer;
        _bulk = bulk;
        Warnings = warnings;
        if (session is not null) session.Client.Admission.Waiting += _waits.Enqueue;
        if (bulk is not null) bulk.Availability.Warned += _runWarnings.Enqueue;
    }

    /// <summary>A warning raised while the run goes on (bulk enrollment turned off), once; take them on the caller's thread.</summary>
    public bool TryTakeWarning([NotNullWhen(true)] out string? warning) => _runWarnings.TryDequeue(out warning);

    /// <summary>Under -WhatIf, after <see cref="CompleteAsync"/>: the groups that would each go as one bulk action.</summary>
    public IReadOnlyList<BulkPreview> BulkPreviews => _previewer?.Previews ?? [];

    /// <summary>The next in-line wait of this user's requests (maintenance, rate-limit reset) not yet shown; take them on the caller's thread.</summary>
    public bool TryTakeWait([NotNullWhen(true)] out SendWait? wait) => _waits.TryDequeue(out wait);

    /// <summary>What the caller should tell the user before the first record (for example: the catalog could not be refreshed).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>True under -WhatIf: records are planned, nothing is sent or stored.</summary>
    public bool PlanOnly => _run is null;

    /// <summary>Results in input order; complete after <see cref="CompleteAsync"/>.</summary>
    public ChannelReader<AddToSequenceResult> Results => _run?.Results ?? _planOnly.Reader;

    /// <summary>The run's progress; under -WhatIf, how many records were planned and how many would make no call.</summary>
    public ExecutionProgress Progress => _run?.Progress ?? new ExecutionProgress(Interlocked.Read(ref _planned), Interlocked.Read(ref _planned), 0, 0, Interlocked.Read(ref _noCall));

    /// <summary>Opens the run. Throws <see cref="UseCaseException"/> for a precondition that fails (nothing is sent then).</summary>
    public static AddToSequence Open(LDStore store, AddToSequenceRequest request, CancellationToken cancellationToken)
    {
        request = request.Validated();
        var configuration = new ConfigurationRepository(store);
        var mapping = configuration.GetFieldMapping()
            ?? throw new UseCaseException(ErrorCatalog.FieldMappingNotSet, FailureCategory.ConfigurationError,
                "The Salesforce field mapping is not set, so the Outreach ids cannot be read from the records.",
                "Run Set-LDFieldMapping -Lead <field> -Contact <field> -User <field> first.");

        var catalogs = new CatalogRepository(store);
        var connection = new ConnectionRepository(store).Get();
        var warnings = new List<string>();
        var callouts = new CalloutCollector(request.Observer);
        OutreachSession? session = null;
        string? authorizationProblem = connection is null ? "Outreach is not connected: no authorization is stored (run Connect-LDOutreach)." : null;
        try
        {
            // Never under -WhatIf, which writes nothing.
            if (!request.WhatIf && connection is not null)
                (session, authorizationProblem) = OpenSession(store, catalogs, callouts, warnings, cancellationToken);

            var catalog = new CatalogSnapshot(catalogs.GetUsers(), catalogs.GetMailboxes(),
                catalogs.GetSalesforceUsers().Select(l => new KeyValuePair<string, long>(l.SalesforceUserId, l.OutreachUserId)));
            SequenceInfo? sequence = null;
            UserSequenceRouting? routing = null;
            if (request.UseUserSequenceMap)
                routing = new UserSequenceRouting(new UserSequenceMapRepository(store).Load(), catalogs.GetSequences());
            else
                sequence = ResolveSequence(catalogs, request.Sequence, authorizationProblem is not null);
            var sender = request.Mailbox == MailboxMode.SpecificUser ? ResolveSender(request.User, catalog) : null;

            Planner planner;
            try
            {
                planner = new Planner(new PlanOptions(sequence, mapping, request.Mailbox, request.UserField, sender, request.MergeDupeInPath, request.NodeName,
                    authorizationProblem, routing), catalog);
            }
            catch (ArgumentException ex)
            {
                throw new UseCaseException(ErrorCatalog.InvalidMailboxOptions, FailureCategory.ConfigurationError, ex.Message,
                    "See Get-Help Invoke-LDAddToSequence -Parameter Mailbox.", null, ex);
            }
            var bulkOptions = request.Bulk.WithStoredLimit(store);
            if (request.WhatIf)
                return new AddToSequence(planner, null, null, warnings, new BulkPreviewer(BulkAvailability.GrantedBy(connection?.Scopes) ? bulkOptions : BulkOptions.Disabled,
                    request.BatchSize, BulkDailyCap.Preview(bulkOptions.DailyItemCap, store, TimeProvider.System)));

            var bulk = session is not null && bulkOptions.Enabled ? new BulkEnroller(session.Client, bulkOptions, store, callouts) : null;
            var executor = new EnrollmentExecutor(
                session is not null ? new OutreachEnrollmentGateway(session.Client) : new DisconnectedGateway(),
                new ActionRepository(store),
                new ExecutorOptions
                {
                    ThrottleLimit = request.ThrottleLimit,
                    RetryPolicy = configuration.GetRetryPolicy(),
                    RateLimitUserId = connection?.AuthorizedUserId ?? 0,
                    Force = request.Force,
                    SkipIfAddedWithin = request.SkipIfAddedWithin,
                },
                callouts, bulk: bulk);
            var run = new AddToSequenceRun(planner, executor, new BatchOptions(request.BatchSize, request.BatchWindow), cancellationToken);
            return new AddToSequence(planner, run, session, warnings, bulk: bulk);
        }
        catch
        {
            session?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Plans one record and, when it is ready and <paramref name="approve"/> says yes, sends it on (batched). A record
    /// that cannot be sent gets its result at once. Call from one thread; results arrive on <see cref="Results"/>.
    /// </summary>
    public void Submit(SalesforceRecord record, Func<RecordPlan, bool> approve)
    {
        var plan = _planner.Plan(record);
        if (plan.IsReady && !approve(plan))
        {
            if (_run is null)
            {
                // -WhatIf answers no for each record: it still counts toward the bulk action it would join.
                Interlocked.Increment(ref _planned);
                _previewer?.Add(plan);
            }
            return;
        }
        if (_run is null)
        {
            // -WhatIf: decided without a call; nothing is sent or stored.
            Interlocked.Increment(ref _planned);
            _previewer?.Add(plan);
            if (!plan.IsReady)
            {
                Interlocked.Increment(ref _noCall);
                _planOnly.Writer.TryWrite(ResultFactory.FromPlan(plan));
            }
            return;
        }
        _run.AcceptAsync(plan).AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Ends input: flushes what is buffered; after cancellation, stores everything unsent Pending.</summary>
    public Task CompleteAsync()
    {
        if (_run is not null) return _run.CompleteAsync();
        _previewer?.Flush();
        _planOnly.Writer.TryComplete();
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_run is not null) await _run.DisposeAsync().ConfigureAwait(false);
        if (_bulk is not null) _bulk.Availability.Warned -= _runWarnings.Enqueue;
        if (_session is not null)
        {
            _session.Client.Admission.Waiting -= _waits.Enqueue;
            _session.Dispose();
        }
    }

    /// <summary>The session, with the catalog refreshed if stale; a failure that means "authorization invalid" becomes the run's ConfigurationError reason.</summary>
    private static (OutreachSession? Session, string? AuthorizationProblem) OpenSession(LDStore store, CatalogRepository catalogs, CalloutCollector callouts,
        List<string> warnings, CancellationToken cancellationToken)
    {
        OutreachSession? session = null;
        try
        {
            session = OutreachSession.FromStore(store, new OutreachSessionOptions { Observer = callouts });
            new CatalogRefresher(session.Client, catalogs).RefreshIfStaleAsync(CatalogKinds.All, null, null, cancellationToken).GetAwaiter().GetResult();
            return (session, null);
        }
        catch (TokenRefreshFailedException ex)
        {
            return (session, $"The Outreach authorization is not valid: {ex.Message}");
        }
        catch (OutreachApiException ex) when (IsAuthorizationFailure(ex.Failure.Category))
        {
            return (session, $"The Outreach authorization is not valid: {ex.Failure.Message}");
        }
        catch (OutreachApiException ex)
        {
            warnings.Add($"The catalog could not be refreshed ({ex.Failure.Category}: {ex.Failure.Message}); using the cached catalog.");
            return (session, null);
        }
    }

    private static bool IsAuthorizationFailure(FailureCategory category) =>
        category is FailureCategory.TokenInvalid or FailureCategory.UnauthorizedOAuthScope or FailureCategory.UnauthorizedRequest or FailureCategory.PartnerNotAuthorized;

    /// <summary>-Sequence through the one resolver; without an authorization, a sequence the catalog lacks only names the ConfigurationError edge.</summary>
    private static SequenceInfo ResolveSequence(CatalogRepository catalogs, object? value, bool noAuthorization)
    {
        MapReference? reference = value switch
        {
            SequenceInfo info => MapReference.FromId(info.Id),
            long or int => MapReference.FromId(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
            string text => MapReference.Parse(text),
            _ => null,
        };
        SequenceInfo? found = null;
        try
        {
            if (reference is { } named) found = catalogs.GetSequence(new CatalogResolver(catalogs).ResolveSequence(named).Id);
        }
        catch (CatalogResolutionException ex) when (ex.Error == ErrorCatalog.SequenceNotFound && (noAuthorization || value is SequenceInfo))
        {
            // not in the catalog: the object given stands for itself, or (no authorization) a placeholder names it
        }
        catch (CatalogResolutionException ex)
        {
            throw new UseCaseException(ex.Error, ex.Category, ex.Message, ex.RecommendedAction, value, ex);
        }
        if (found is not null) return found;
        if (value is SequenceInfo given)
            return given.Usable ? given : throw new UseCaseException(ErrorCatalog.Definition(FailureCategory.SequenceNotUsable), FailureCategory.SequenceNotUsable,
                $"Sequence '{given.Name}' ({given.Id}) cannot be used for Add to Sequence: it is {given.UnusableReason}.", null, value);
        if (noAuthorization && reference is { } missing) return Placeholder(missing.Id ?? 0, missing.Id is { } id ? $"sequence {id}" : missing.Text!);
        throw new UseCaseException(ErrorCatalog.SequenceNotFound, FailureCategory.ResourceNotFound, $"No Outreach sequence '{value}' is in the catalog.",
            "Check the name or id (Get-LDSequence lists them); new sequences appear after a catalog refresh (Get-LDSequence -Refresh).", value);
    }

    private static SequenceInfo Placeholder(long id, string name) => new(id, name, true, false, "shared", null, null, false, null, null);

    private static SenderSpec ResolveSender(object? user, CatalogSnapshot catalog)
    {
        if (user is null)
            throw new UseCaseException(ErrorCatalog.UserRequired, FailureCategory.ConfigurationError,
                "-Mailbox SpecificUser needs -User: an Outreach user (id, email or name) or mailbox (id or email).", "Add -User, for example -User ben.sender@example.com.");
        try
        {
            return CatalogResolver.ResolveSender(user, catalog);
        }
        catch (CatalogResolutionException ex)
        {
            throw new UseCaseException(ex.Error, ex.Category, ex.Message, ex.RecommendedAction, user, ex);
        }
    }
}
