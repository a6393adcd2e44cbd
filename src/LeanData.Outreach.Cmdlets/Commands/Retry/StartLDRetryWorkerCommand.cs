using System.Globalization;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outcomes;
using System.Management.Automation;
using System.Runtime.InteropServices;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Configuration;
using LeanData.Outreach.Engine.Execution;
using LeanData.Outreach.Engine.Planning;
using LeanData.Outreach.Engine.Retry;
using LeanData.Outreach.Logs;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Store;

namespace LeanData.Outreach.Cmdlets.Commands.Retry;

/// <summary>Sends due Pending actions through the engine: -Once drains and returns a summary; otherwise polls until Ctrl+C or SIGTERM.</summary>
[Cmdlet(VerbsLifecycle.Start, "LDRetryWorker", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(RetryWorkerSummary))]
public sealed class StartLDRetryWorkerCommand : AsyncLDCmdlet
{
    private const int WhatIfListLimit = 10_000;

    [Parameter]
    public SwitchParameter Once { get; set; }

    [Parameter]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    [Parameter]
    [ValidateRange(1, 1000)]
    public int BatchSize { get; set; } = 50;

    [Parameter]
    [ValidateRange(1, ExecutorOptions.MaxThrottleLimit)]
    public int ThrottleLimit { get; set; } = ExecutorOptions.DefaultThrottleLimit;

    [Parameter]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    [Parameter]
    public SwitchParameter IncludeNotDue { get; set; }

    /// <summary>Retry only these actions, now (implies -Once). Binds from Get-LDAuditLog / Get-LDPartnerLog output.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public long[]? ActionId { get; set; }

    /// <summary>Appends one timestamped line per drain, per action that became Error, per stop and per failure to run.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LogPath { get; set; }

    private readonly List<long> _pickedActions = [];
    private bool _picked;
    private RetryWorkerLog? _log;
    private RetryWorkerSummary? _summary;

    protected override void ProcessRecord()
    {
        if (ActionId is null) return;
        _picked = true;
        _pickedActions.AddRange(ActionId);
    }

    // The work runs once, after every piped action id has arrived.
    protected override void EndProcessing()
    {
        try
        {
            OpenLog();
            Drain();
        }
        catch (PipelineStoppedException) when (_summary is { } summary && Stopping)
        {
            // Ctrl+C: PowerShell takes no more output, so the summary goes to the host (and the log) instead.
            try { Host?.UI?.WriteLine(SummaryLine(summary)); }
            catch (System.Management.Automation.Host.HostException) { /* a host without a console: the log has the summary */ }
            throw;
        }
        catch (Exception ex) when (ex is not PipelineStoppedException)
        {
            // Anything unforeseen; the worker's own refusals are logged where they are raised (CouldNotRun).
            _log?.CouldNotRun(ex is LeanData.Outreach.Errors.LDOutreachException failure ? failure.ErrorId : ex.GetType().Name, ex.Message);
            throw;
        }
        finally { base.EndProcessing(); }
    }

    /// <summary>A reason the worker cannot run: logged (ThrowTerminatingError unwinds as a pipeline stop, past any catch), then terminating.</summary>
    private void CouldNotRun(LeanData.Outreach.Errors.LDOutreachException failure)
    {
        _log?.CouldNotRun(failure.ErrorId, failure.Message);
        ThrowFailure(failure, Store.Path);
    }

    private void CouldNotRun(ErrorDefinition error, string message, object? target, string recommendedAction, Exception? exception = null)
    {
        _log?.CouldNotRun(error.Id, message);
        ThrowFailure(error, message, target, recommendedAction, exception);
    }

    private void OpenLog()
    {
        if (LogPath is null) return;
        var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(LogPath);
        try
        {
            _log = RetryWorkerLog.Open(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ThrowFailure(ErrorCatalog.RetryWorkerLogNotWritable, $"The worker log '{path}' cannot be appended to: {ex.Message}", path,
                "Give -LogPath a file in a folder this account can write.", ex);
        }
    }

    private static string SummaryLine(RetryWorkerSummary s) => string.Format(CultureInfo.CurrentCulture,
        "Start-LDRetryWorker stopped after {0} drain(s): {1} processed, {2} succeeded, {3} failed, {4} still pending; {5} Pending in the store{6}.",
        s.Drains, s.Processed, s.Succeeded, s.Failed, s.StillPending, s.PendingInStore, s.NextDueAt is { } next ? $", next due {next.ToLocalTime():g}" : "");

    private void Drain()
    {
        var options = ValidateOptions();
        var leases = new ActionLeaseRepository(Store);
        var due = leases.PeekDue(DateTimeOffset.UtcNow, WhatIfListLimit, IncludeNotDue || options.ActionIds is not null, options.ActionIds);
        if (options.ActionIds?.Except(due).ToArray() is { Length: > 0 } notPending)
            WriteWarning($"Not Pending (or leased by another worker), so not retried: action {string.Join(", ", notPending)}.");
        if (!ApproveDue(due)) return;

        var collector = new CalloutCollector(DebugObserver);
        OutreachSession session;
        try
        {
            session = OutreachSession.FromStore(Store, new OutreachSessionOptions { Observer = collector });
        }
        catch (LeanData.Outreach.Errors.LDOutreachException ex)
        {
            CouldNotRun(ex);
            return;
        }
        using (session)
        {
            // An authorization that cannot give a token now (refresh refused) stops the run before any action is touched.
            try
            {
                session.Tokens.GetAccessTokenAsync(CancellationToken).GetAwaiter().GetResult();
            }
            catch (LeanData.Outreach.Errors.LDOutreachException ex)
            {
                CouldNotRun(ex);
                return;
            }
            var configuration = new ConfigurationRepository(Store);
            var actions = new ActionRepository(Store);
            var gateway = new OutreachEnrollmentGateway(session.Client);
            var executor = new EnrollmentExecutor(gateway, actions, new ExecutorOptions
            {
                ThrottleLimit = ThrottleLimit,
                RateLimit = configuration.GetRateLimit(),
                RetryPolicy = configuration.GetRetryPolicy(),
                BudgetUserId = session.Connection.AuthorizedUserId ?? 0,
                LeaseOwner = options.Owner,
                LeaseDuration = options.LeaseDuration,
            }, collector);
            var worker = new RetryWorker(leases, executor, options);
            RunAsync(async (output, token) =>
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
                using var sigterm = RegisterSigterm(stop);
                using var progress = new ProgressReporter(output, 1, "Start-LDRetryWorker");
                worker.ProgressChanged += p => progress.Report(
                    string.Format(CultureInfo.CurrentCulture, "{0} sent: {1} succeeded, {2} still pending, {3} failed; {4} due", p.Claimed, p.Succeeded, p.StillPending, p.Failed, p.DueRemaining),
                    p.Claimed + p.DueRemaining == 0 ? -1 : (int)(100 * p.Claimed / (p.Claimed + p.DueRemaining)));
                worker.ActionCompleted += r =>
                {
                    output.WriteVerbose($"Action {r.ActionId} (record {r.RecordId}): {r.Outcome}{(r.ErrorCategory is null ? "" : " " + r.ErrorCategory)}, {r.Attempts} attempts.");
                    if (r.Outcome is not (ActionOutcome.Success or ActionOutcome.Pending)) _log?.ActionFailed(r);
                };
                var drainsOnce = Once || options.ActionIds is not null;
                // A polling worker logs the drains that did something; a run once always says it ran.
                worker.DrainCompleted += d => { if (drainsOnce || d.Processed > 0) _log?.Drain(d); };
                if (!Once && options.ActionIds is null) output.WriteVerbose($"Retry worker {options.Owner} polling every {options.PollInterval}; press Ctrl+C to stop.");
                var summary = drainsOnce ? await worker.RunOnceAsync(stop.Token).ConfigureAwait(false) : await worker.RunAsync(stop.Token).ConfigureAwait(false);
                _summary = summary;
                if (summary.Stopped) _log?.Stopped(summary);
                output.WriteObject(summary);
            });
        }
    }

    private RetryWorkerOptions ValidateOptions()
    {
        try
        {
            if (IncludeNotDue && !Once)
                CouldNotRun(ErrorCatalog.InvalidRetryWorkerOption, "-IncludeNotDue works only with -Once: a polling worker would send every Pending action again at each poll.",
                    null, "Run Start-LDRetryWorker -Once -IncludeNotDue.");
            return new RetryWorkerOptions
            {
                BatchSize = BatchSize, LeaseDuration = LeaseDuration, PollInterval = PollInterval, IncludeNotDue = IncludeNotDue,
                ActionIds = _picked ? _pickedActions.Distinct().ToArray() : null,
            }.Validated();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            CouldNotRun(ErrorCatalog.InvalidRetryWorkerOption, ex.Message, ex.ActualValue, "Correct the value and run the command again.", ex);
            throw;
        }
    }

    /// <summary>One ShouldProcess per due action, so -WhatIf lists what would be retried; runs only if all are approved.</summary>
    private bool ApproveDue(IReadOnlyList<long> due)
    {
        if (due.Count == 0) return ShouldProcess(Store.Path, _picked ? "Retry the given actions (none of them is Pending)" : "Wait for due Pending actions and send them");
        var policy = new ConfigurationRepository(Store).GetRetryPolicy();
        var allowed = RetryAccounting.AllowedAttempts(policy);
        var approved = 0;
        foreach (var entry in new AuditLogQuery(Store).Read(new AuditLogFilter { ActionIds = due }, CancellationToken))
        {
            var target = string.Format(CultureInfo.CurrentCulture, "action {0}: {1} {2} to sequence '{3}' at node '{4}' (attempt {5} of {6}{7})",
                entry.ActionId, entry.RecordType, entry.RecordId, entry.SequenceName, entry.NodeName, entry.AttemptCount + 1, allowed,
                entry.ErrorCategory is null ? "" : ", last failure " + entry.ErrorCategory);
            if (ShouldProcess(target, "Retry Add to Sequence")) approved++;
        }
        return approved == due.Count;
    }

    private static IDisposable? RegisterSigterm(CancellationTokenSource stop)
    {
        if (OperatingSystem.IsWindows()) return null;
        return PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;   // stop draining, keep unsent work Pending, then let the script end
            stop.Cancel();
        });
    }
}
