using System.Management.Automation;
using LeanData.Outreach.Outcomes;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Engine.Bulk;
using LeanData.Outreach.Engine.Execution;
using LeanData.Outreach.Engine.Planning;
using LeanData.Outreach.Engine.Retry;
using LeanData.Outreach.Errors;
using LeanData.Outreach.UseCases;

namespace LeanData.Outreach.Cmdlets.Commands.Retry;

/// <summary>Sends due Pending actions through the engine: -Once drains and returns a summary; otherwise polls until Ctrl+C or SIGTERM.</summary>
[Cmdlet(VerbsLifecycle.Start, "LDRetryWorker", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(RetryWorkerSummary))]
public sealed class StartLDRetryWorkerCommand : AsyncLDCmdlet
{
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

    /// <summary>A drain's due actions for one sequence and sending mailbox go to Outreach in one Bulk API action from this many on (default 25).</summary>
    [Parameter]
    [ValidateRange(1, 100_000)]
    public int BulkThreshold { get; set; } = BulkOptions.DefaultThreshold;

    /// <summary>Never use the Bulk API: one POST /sequenceStates per action.</summary>
    [Parameter]
    public SwitchParameter NoBulk { get; set; }

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
            try { Host?.UI?.WriteLine(RetryWorkerText.Stopped(summary)); }
            catch (System.Management.Automation.Host.HostException) { /* a host without a console: the log has the summary */ }
            throw;
        }
        catch (Exception ex) when (ex is not PipelineStoppedException)
        {
            // Anything unforeseen; the worker's own refusals are logged where they are raised (CouldNotRun).
            _log?.CouldNotRun(ex is LDOutreachException failure ? failure.ErrorId : ex.GetType().Name, ex.Message);
            throw;
        }
        finally { base.EndProcessing(); }
    }

    /// <summary>A reason the worker cannot run: logged (ThrowTerminatingError unwinds as a pipeline stop, past any catch), then terminating.</summary>
    private void CouldNotRun(LDOutreachException failure)
    {
        _log?.CouldNotRun(failure.ErrorId, failure.Message);
        ThrowFailure(failure, Store.Path);
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
            ThrowFailure(ErrorCatalog.RetryWorkerLogNotWritable, $"The worker log '{path}' cannot be appended to: {ex.Message}", path, exception: ex);
        }
    }

    private void Drain()
    {
        UseCases.Retry retry;
        try
        {
            retry = UseCases.Retry.Open(Store, new RetryRequest
            {
                Once = Once, PollInterval = PollInterval, BatchSize = BatchSize, ThrottleLimit = ThrottleLimit, LeaseDuration = LeaseDuration,
                IncludeNotDue = IncludeNotDue, ActionIds = _picked ? _pickedActions : null, Observer = DebugObserver,
                Bulk = new BulkOptions { Enabled = !NoBulk, Threshold = BulkThreshold },
            }, CancellationToken);
        }
        catch (UseCaseException ex)
        {
            CouldNotRun(ex);
            return;
        }
        if (retry.NotPending.Count > 0)
            WriteWarning($"Not Pending (or leased by another worker), so not retried: action {string.Join(", ", retry.NotPending)}.");
        // One ShouldProcess per due action, so -WhatIf lists what would be retried; the run goes ahead only if all are approved.
        if (!retry.Approve(ApproveOne, CancellationToken))
        {
            // -WhatIf: each group a drain would send as one bulk action (its actions were listed one by one above).
            if (WhatIfRequested)
                foreach (var preview in retry.PreviewBulk())
                    ShouldProcess(preview.Describe(), preview.Describe(), RetryWorkerText.BulkAction);
            return;
        }
        try
        {
            RunAsync(async (output, token) =>
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
                using var sigterm = SigtermStop.Register(stop);
                using var progress = new ProgressReporter(output, 1, "Start-LDRetryWorker");
                if (!retry.Once) output.WriteVerbose($"Retry worker {retry.Owner} polling every {retry.PollInterval}; press Ctrl+C to stop.");
                var summary = await retry.RunAsync(worker =>
                {
                    worker.ProgressChanged += p =>
                    {
                        var (status, percent) = RetryWorkerText.Progress(p);
                        progress.Report(status, percent);
                    };
                    worker.ActionCompleted += r =>
                    {
                        output.WriteVerbose($"Action {r.ActionId} (record {r.RecordId}): {r.Outcome}{(r.ErrorCategory is null ? "" : " " + r.ErrorCategory)}, {r.Attempts} attempts.");
                        if (r.Outcome is not (ActionOutcome.Success or ActionOutcome.Pending)) _log?.ActionFailed(r);
                    };
                    // A polling worker logs the drains that did something; a run once always says it ran.
                    worker.DrainCompleted += d => { if (retry.Once || d.Processed > 0) _log?.Drain(d); };
                }, stop.Token, output.WriteWarning).ConfigureAwait(false);
                _summary = summary;
                if (summary.Stopped) _log?.Stopped(summary);
                output.WriteObject(summary);
            });
        }
        catch (LDOutreachException ex)
        {
            // No session (not connected, secrets unreadable) or no token now: stopped before any action was touched.
            CouldNotRun(ex);
        }
    }

    private bool ApproveOne(DueAction? due) => due is null
        ? ShouldProcess(Store.Path, RetryWorkerText.NothingDue(_picked))
        : ShouldProcess(RetryWorkerText.Target(due), RetryWorkerText.Action);
}
