using System.Collections;
using System.Globalization;
using System.Management.Automation;
using LeanData.Outreach.Catalog;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Cmdlets.Completion;
using LeanData.Outreach.Cmdlets.Records;
using LeanData.Outreach.Configuration;
using LeanData.Outreach.Engine.Batching;
using LeanData.Outreach.Engine.Execution;
using LeanData.Outreach.Engine.Planning;
using LeanData.Outreach.Engine.Records;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outreach.OAuth;
using LeanData.Outreach.Routing;
using LeanData.Outreach.Store;
using LeanData.Outreach.Outcomes;
using LeanData.Outreach.Engine.CatalogRefresh;

namespace LeanData.Outreach.Cmdlets.Commands.Enrollment;

/// <summary>
/// <para type="synopsis">Adds Salesforce Leads and Contacts to an Outreach sequence (the LeanData "Add to Sequence" node).</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "LDAddToSequence", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = SequenceSet)]
[OutputType(typeof(AddToSequenceResult))]
public sealed class InvokeLDAddToSequenceCommand : LDCmdlet
{
    private const string SequenceSet = "Sequence";
    private const string UserSequenceMapSet = "UserSequenceMap";
    private const int ProgressActivityId = 4711;
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    private Planner? _planner;
    private AddToSequenceRun? _run;
    private OutreachSession? _session;
    private long _index;
    private long _whatIfProcessed, _whatIfFailed;
    private DateTime _lastProgress;
    private bool _progressShown;
    private long? _total;
    private readonly System.Collections.Concurrent.ConcurrentQueue<SendWait> _waits = new();

    /// <summary>A Salesforce Lead or Contact: Import-Csv rows, Salesforce CLI JSON records, hashtables or any object.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [Alias("Record")]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    /// <summary>The sequence: its name, its id, or a sequence object. It must be shared ("Others can see it and use it") and enabled.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = SequenceSet)]
    [ValidateNotNull]
    [ArgumentCompleter(typeof(SequenceNameCompleter))]
    public object Sequence { get; set; } = null!;

    /// <summary>
    /// Instead of -Sequence: each record goes to the primary sequence of its sender (the Outreach user -Mailbox
    /// chooses), from the user-sequence map (Set-LDUserSequenceMap). A sender with no mapping fails as NoUserSequenceMapping.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = UserSequenceMapSet)]
    public SwitchParameter UseUserSequenceMap { get; set; }

    /// <summary>Who sends: RecordOwner, UserField or SpecificUser.</summary>
    /// <remarks>
    /// A string, not the engine's MailboxMode enum: a value-type field of an engine type would make the runtime
    /// load the engine while PowerShell reflects over this assembly, before the isolation hook is in place.
    /// </remarks>
    [Parameter(Mandatory = true)]
    [ValidateSet("RecordOwner", "UserField", "SpecificUser", IgnoreCase = true)]
    public string Mailbox { get; set; } = null!;

    /// <summary>With -Mailbox UserField: the Salesforce User lookup field on the record (for example SDR__c).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? UserField { get; set; }

    /// <summary>With -Mailbox SpecificUser: an Outreach user (id, email, name or object) or mailbox (id, email or object).</summary>
    [Parameter]
    [ValidateNotNull]
    [ArgumentCompleter(typeof(OutreachUserCompleter))]
    public object? User { get; set; }

    /// <summary>The node name recorded in the audit and partner logs.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string NodeName { get; set; } = PlanOptions.DefaultNodeName;

    /// <summary>A Merge Dupe node is in the same path: every record is Skipped, as LeanData does.</summary>
    [Parameter]
    public SwitchParameter MergeDupeInPath { get; set; }

    /// <summary>
    /// Send even a record that already has a Success or Pending action for the same sequence and node in the store
    /// (by default such a record is Skipped as AlreadyAdded or AlreadyPending, without a call).
    /// </summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Only an earlier Success this recent keeps a record from being sent again (for example 30.00:00:00 re-adds records added over 30 days ago).</summary>
    [Parameter]
    public TimeSpan? SkipIfAddedWithin { get; set; }

    /// <summary>Records per batch (default 100).</summary>
    [Parameter]
    [ValidateRange(1, BatchOptions.MaxBatchSize)]
    public int BatchSize { get; set; } = BatchOptions.DefaultBatchSize;

    /// <summary>How long the oldest buffered record waits before its batch is sent (default and maximum 30 seconds).</summary>
    [Parameter]
    public TimeSpan BatchWindow { get; set; } = BatchOptions.MaxWindow;

    /// <summary>Enrollment calls in flight at once (default 8).</summary>
    [Parameter]
    [ValidateRange(1, ExecutorOptions.MaxThrottleLimit)]
    public int ThrottleLimit { get; set; } = ExecutorOptions.DefaultThrottleLimit;

    /// <summary>How many records the pipeline will bring, so progress shows a percentage (an -InputObject array counts itself).</summary>
    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long TotalCount { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (BatchWindow <= TimeSpan.Zero || BatchWindow > BatchOptions.MaxWindow)
            ThrowFailure(ErrorCatalog.InvalidBatchWindow, $"-BatchWindow must be greater than zero and at most {BatchOptions.MaxWindow.TotalSeconds} seconds (got {BatchWindow}).", BatchWindow, "Give a window of at most 30 seconds, for example -BatchWindow 00:00:10.");

        if (SkipIfAddedWithin is { } within && within <= TimeSpan.Zero)
            ThrowFailure(ErrorCatalog.InvalidSkipIfAddedWithin, $"-SkipIfAddedWithin must be greater than zero (got {within}).", within);
        var whatIf = IsWhatIf();
        var mode = Enum.Parse<MailboxMode>(Mailbox, ignoreCase: true);
        var configuration = new ConfigurationRepository(Store);
        var mapping = configuration.GetFieldMapping();
        if (mapping is null)
            ThrowFailure(ErrorCatalog.FieldMappingNotSet, "The Salesforce field mapping is not set, so the Outreach ids cannot be read from the records.", null, "Run Set-LDFieldMapping -Lead <field> -Contact <field> -User <field> first.");

        // Authorization and catalog (refreshed once when stale; never under -WhatIf, which writes nothing).
        var catalogs = new CatalogRepository(Store);
        var connection = new ConnectionRepository(Store).Get();
        string? authorizationProblem = connection is null ? "Outreach is not connected: no authorization is stored (run Connect-LDOutreach)." : null;
        var callouts = new CalloutCollector();
        if (!whatIf && connection is not null)
        {
            try
            {
                _session = OutreachSession.FromStore(Store, new OutreachSessionOptions { Observer = callouts });
                var refresher = new CatalogRefresher(_session.Client, catalogs);
                refresher.RefreshIfStaleAsync(CatalogKinds.All, null, null, CancellationToken).GetAwaiter().GetResult();
            }
            catch (TokenRefreshFailedException ex)
            {
                authorizationProblem = $"The Outreach authorization is not valid: {ex.Message}";
            }
            catch (OutreachApiException ex) when (ex.Failure.Category is FailureCategory.TokenInvalid or FailureCategory.UnauthorizedOAuthScope or FailureCategory.UnauthorizedRequest or FailureCategory.PartnerNotAuthorized)
            {
                authorizationProblem = $"The Outreach authorization is not valid: {ex.Failure.Message}";
            }
            catch (OutreachApiException ex)
            {
                WriteWarning($"The catalog could not be refreshed ({ex.Failure.Category}: {ex.Failure.Message}); using the cached catalog.");
            }
        }

        var catalog = new CatalogSnapshot(catalogs.GetUsers(), catalogs.GetMailboxes(),
            catalogs.GetSalesforceUsers().Select(l => new KeyValuePair<string, long>(l.SalesforceUserId, l.OutreachUserId)));
        // One sequence for every record, or the user-sequence map loaded once for the whole run.
        SequenceInfo? sequence = null;
        UserSequenceRouting? routing = null;
        if (UseUserSequenceMap)
            routing = new UserSequenceRouting(new UserSequenceMapRepository(Store).Load(), catalogs.GetSequences());
        else
            sequence = ResolveSequence(catalogs, authorizationProblem is not null);
        SenderSpec? sender = null;
        if (mode == MailboxMode.SpecificUser)
        {
            if (User is null)
                ThrowFailure(ErrorCatalog.UserRequired, "-Mailbox SpecificUser needs -User: an Outreach user (id, email or name) or mailbox (id or email).", null, "Add -User, for example -User ben.sender@example.com.");
            try
            {
                sender = SpecificSenderResolver.Resolve(User is PSObject ps ? ps.BaseObject : User!, catalog);
            }
            catch (SenderResolutionException ex)
            {
                ThrowFailure(ErrorCatalog.UserNotFound, ex.Message, User, "Run Get-LDOutreachUser to list users and mailboxes.", ex);
            }
        }
        try
        {
            _planner = new Planner(new PlanOptions(sequence, mapping!, mode, UserField, sender, MergeDupeInPath, NodeName, authorizationProblem, routing), catalog);
        }
        catch (ArgumentException ex)
        {
            ThrowFailure(ErrorCatalog.InvalidMailboxOptions, ex.Message, null, "See Get-Help Invoke-LDAddToSequence -Parameter Mailbox.", ex);
        }
        if (whatIf) return;

        var executorOptions = new ExecutorOptions
        {
            ThrottleLimit = ThrottleLimit,
            RateLimit = configuration.GetRateLimit(),
            RetryPolicy = configuration.GetRetryPolicy(),
            BudgetUserId = connection?.AuthorizedUserId ?? 0,
            BudgetScope = connection?.ApiBaseUri.ToString() ?? "",
            Force = Force,
            SkipIfAddedWithin = SkipIfAddedWithin,
        };
        IEnrollmentGateway gateway = _session is not null ? new OutreachEnrollmentGateway(_session.Client) : new DisconnectedGateway();
        var executor = new EnrollmentExecutor(gateway, new ActionRepository(Store), executorOptions, callouts);
        executor.Waiting += _waits.Enqueue;   // written as verbose on the pipeline thread (ReportProgress)
        _run = new AddToSequenceRun(_planner!, executor, new BatchOptions(BatchSize, BatchWindow), CancellationToken);
    }

    protected override void ProcessRecord()
    {
        foreach (var input in Inputs())
            foreach (var record in RecordConverter.ToRecords(input, () => ++_index))
                Process(record);
    }

    // -InputObject @(...) given as a parameter is its records (and their count); from the pipeline each object
    // is one input. A result of an earlier run (for example its QueueOwner edges) stands for the record it came from.
    private IEnumerable<object?> Inputs()
    {
        if (!MyInvocation.ExpectingInput && InputObject?.BaseObject is IList list and not IDictionary)
        {
            _total ??= list.Count;
            foreach (var item in list) yield return Unwrap(item is null ? null : PSObject.AsPSObject(item));
            yield break;
        }
        if (TotalCount > 0) _total ??= TotalCount;
        yield return Unwrap(InputObject);
    }

    private static PSObject? Unwrap(PSObject? input) =>
        input?.BaseObject is AddToSequenceResult { } earlier && earlier.GetSource() is { } source ? PSObject.AsPSObject(source) : input;

    private void Process(SalesforceRecord record)
    {
        var plan = _planner!.Plan(record);
        if (plan.IsReady && !ShouldProcess(Describe(plan), $"Add to Outreach sequence '{plan.SequenceName}' ({plan.SequenceId}) from mailbox {plan.MailboxId} (user {plan.UserId})"))
        {
            if (_run is null) _whatIfProcessed++;
            return;
        }
        if (_run is null)
        {
            // -WhatIf: decided without a call; nothing is sent or stored.
            _whatIfProcessed++;
            if (!plan.IsReady)
            {
                _whatIfFailed++;
                Emit(ResultFactory.FromPlan(plan));
            }
            ReportProgress(false);
            return;
        }
        _run.AcceptAsync(plan).AsTask().GetAwaiter().GetResult();
        while (_run.Results.TryRead(out var result)) Emit(result);
        ReportProgress(false);
    }

    protected override void EndProcessing()
    {
        try
        {
            if (_run is not null)
            {
                var completion = _run.CompleteAsync();
                var reader = _run.Results;
                while (true)
                {
                    // Wake up while the engine waits (maintenance, rate limit), so progress and -Verbose say so at once.
                    var more = reader.WaitToReadAsync(CancellationToken.None).AsTask();
                    while (!more.Wait(ProgressInterval)) ReportProgress(false);
                    if (!more.GetAwaiter().GetResult()) break;
                    while (reader.TryRead(out var result)) Emit(result);
                    ReportProgress(false);
                }
                completion.GetAwaiter().GetResult();
            }
            ReportProgress(true);
        }
        finally
        {
            Cleanup();
            base.EndProcessing();
        }
    }

    protected override void StopProcessing()
    {
        base.StopProcessing();
        // Ctrl+C: whatever was accepted and not sent is stored Pending before the pipeline unwinds.
        try { _run?.CompleteAsync().Wait(TimeSpan.FromSeconds(10)); }
        catch (AggregateException) { /* reported by the store on the next run; nothing more to do while stopping */ }
    }

    private void Cleanup()
    {
        if (_run is not null)
        {
            _run.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _run = null;
        }
        _session?.Dispose();
        _session = null;
    }

    private void Emit(AddToSequenceResult result)
    {
        WriteObject(result);
        var category = result.GetCategory();
        switch (result.Outcome)
        {
            case ActionOutcome.Error or ActionOutcome.Edge:
                WriteError(ErrorRecords.FromCategory(category, $"{Describe(result)}: {result.Message ?? ErrorCatalog.Get(category).Title}",
                    result.GetSource() ?? result, result.RecommendedAction));
                break;
            case ActionOutcome.Pending:
                WriteWarning($"{Describe(result)} is Pending{(result.NextAttemptAt is { } next ? " until " + next.ToString("u", CultureInfo.InvariantCulture) : "")}: {result.Message} (action {result.ActionId}; Start-LDRetryWorker sends it again).");
                break;
        }
    }

    private void ReportProgress(bool completed)
    {
        while (_waits.TryDequeue(out var wait))
            WriteVerbose($"Waiting {wait.Duration.TotalSeconds:n0} s, until {wait.Until.ToLocalTime():T}, for {wait.Reason}.");
        if (completed)
        {
            if (_progressShown)
                WriteProgress(new ProgressRecord(ProgressActivityId, Activity(), "Completed") { RecordType = ProgressRecordType.Completed });
            return;
        }
        var now = DateTime.UtcNow;
        if (now - _lastProgress < ProgressInterval) return;
        _lastProgress = now;
        _progressShown = true;
        var done = _run is { } current ? current.Progress.Processed : _whatIfProcessed;
        var status = _run is { } run
            ? FormatStatus(run.Progress, _total)
            : $"Planned {_whatIfProcessed}{(_total is { } all ? $" of {all}" : "")} (no call: {_whatIfFailed}) [WhatIf]";
        var progress = new ProgressRecord(ProgressActivityId, Activity(), status);
        if (_total is { } total) progress.PercentComplete = (int)Math.Min(100, done * 100 / total);
        WriteProgress(progress);
    }

    private static string FormatStatus(ExecutionProgress p, long? total) =>
        $"Processed {p.Processed} of {total ?? p.Accepted}: succeeded {p.Succeeded}, pending {p.Pending}, failed {p.Failed}";

    private string Activity() => $"Add to sequence ({NodeName})";

    private SequenceInfo ResolveSequence(CatalogRepository catalogs, bool noAuthorization)
    {
        var value = Sequence is PSObject ps ? ps.BaseObject : Sequence;
        SequenceInfo? found = null;
        switch (value)
        {
            case SequenceInfo info:
                found = catalogs.GetSequence(info.Id) ?? info;
                break;
            case long or int:
                var id = System.Convert.ToInt64(value, CultureInfo.InvariantCulture);
                found = catalogs.GetSequence(id);
                if (found is null && noAuthorization) return new SequenceInfo(id, $"sequence {id}", true, false, "shared", null, null, false, null, null);
                break;
            case string text when long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var textId):
                found = catalogs.GetSequence(textId);
                if (found is null && noAuthorization) return new SequenceInfo(textId, $"sequence {textId}", true, false, "shared", null, null, false, null, null);
                break;
            case string name:
                var matches = catalogs.FindSequencesByName(name);
                if (matches.Count > 1)
                    ThrowFailure(ErrorCatalog.SequenceAmbiguous, $"{matches.Count} sequences are named '{name}' (ids {string.Join(", ", matches.Select(m => m.Id))}).", Sequence, "Give the sequence id instead of its name.");
                found = matches.Count == 1 ? matches[0] : null;
                if (found is null && noAuthorization) return new SequenceInfo(0, name, true, false, "shared", null, null, false, null, null);
                break;
            default:
                var property = PSObject.AsPSObject(Sequence).Properties["Id"]?.Value;
                if (property is not null) { Sequence = property; return ResolveSequence(catalogs, noAuthorization); }
                break;
        }
        if (found is null)
            ThrowFailure(ErrorCatalog.SequenceNotFound, $"No Outreach sequence '{value}' is in the catalog.", Sequence,
                "Check the name or id (Get-LDSequence lists them); new sequences appear after a catalog refresh (Get-LDSequence -Refresh).");
        if (!found!.Usable)
        {
            ThrowTerminatingError(ErrorRecords.FromCategory(FailureCategory.SequenceNotUsable,
                $"Sequence '{found.Name}' ({found.Id}) cannot be used for Add to Sequence: it is {found.UnusableReason}.", Sequence));
        }
        return found;
    }

    private bool IsWhatIf() =>
        MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value) ? value is SwitchParameter s && s.IsPresent
            : SessionState.PSVariable.GetValue("WhatIfPreference") is { } preference && LanguagePrimitives.IsTrue(preference);

    private static string Describe(RecordPlan plan) =>
        plan.TargetRecordId != plan.RecordId && plan.TargetRecordId is not null
            ? $"{plan.RecordType} {plan.RecordId} (converted to {plan.TargetRecordType} {plan.TargetRecordId}, prospect {plan.ProspectId})"
            : $"{plan.RecordType} {plan.RecordId} (prospect {plan.ProspectId})";

    private static string Describe(AddToSequenceResult result) =>
        $"{result.RecordType ?? "Record"} {result.RecordId ?? "(no Id)"}";
}
