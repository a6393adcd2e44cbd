using System.Globalization;
using System.Management.Automation;
using System.Runtime.InteropServices;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Engine.Execution;
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

    private readonly List<long> _pickedActions = [];
    private bool _picked;

    protected override void ProcessRecord()
    {
        if (ActionId is null) return;
        _picked = true;
        _pickedActions.AddRange(ActionId);
    }

    // The work runs once, after every piped action id has arrived.
    protected override void EndProcessing()
    {
        try { Drain(); }
        finally { base.EndProcessing(); }
    }

    private void Drain()
    {
        UseCases.Retry retry;
        try
        {
            retry = UseCases.Retry.Open(Store, new RetryRequest
            {
                Once = Once, PollInterval = PollInterval, BatchSize = BatchSize, ThrottleLimit = ThrottleLimit, LeaseDuration = LeaseDuration,
                IncludeNotDue = IncludeNotDue, ActionIds = _picked ? _pickedActions : null,
            }, CancellationToken);
        }
        catch (UseCaseException ex)
        {
            ThrowFailure(ex, ex.Target);
            return;
        }
        if (retry.NotPending.Count > 0)
            WriteWarning($"Not Pending (or leased by another worker), so not retried: action {string.Join(", ", retry.NotPending)}.");
        // One ShouldProcess per due action, so -WhatIf lists what would be retried; the run goes ahead only if all are approved.
        if (!retry.Approve(ApproveOne, CancellationToken)) return;
        try
        {
            RunAsync(async (output, token) =>
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
                using var sigterm = RegisterSigterm(stop);
                using var progress = new ProgressReporter(output, 1, "Start-LDRetryWorker");
                if (!retry.Once) output.WriteVerbose($"Retry worker {retry.Owner} polling every {retry.PollInterval}; press Ctrl+C to stop.");
                var summary = await retry.RunAsync(
                    p => progress.Report(
                        string.Format(CultureInfo.CurrentCulture, "{0} sent: {1} succeeded, {2} still pending, {3} failed; {4} due", p.Claimed, p.Succeeded, p.StillPending, p.Failed, p.DueRemaining),
                        p.Claimed + p.DueRemaining == 0 ? -1 : (int)(100 * p.Claimed / (p.Claimed + p.DueRemaining))),
                    r => output.WriteVerbose($"Action {r.ActionId} (record {r.RecordId}): {r.Outcome}{(r.ErrorCategory is null ? "" : " " + r.ErrorCategory)}, {r.Attempts} attempts."),
                    stop.Token).ConfigureAwait(false);
                output.WriteObject(summary);
            });
        }
        catch (LDOutreachException ex)
        {
            ThrowFailure(ex, Store.Path);
        }
    }

    private bool ApproveOne(DueAction? due) => due is null
        ? ShouldProcess(Store.Path, _picked ? "Retry the given actions (none of them is Pending)" : "Wait for due Pending actions and send them")
        : ShouldProcess(string.Format(CultureInfo.CurrentCulture, "action {0}: {1} {2} to sequence '{3}' at node '{4}' (attempt {5} of {6}{7})",
            due.Entry.ActionId, due.Entry.RecordType, due.Entry.RecordId, due.Entry.SequenceName, due.Entry.NodeName, due.Attempt, due.AllowedAttempts,
            due.Entry.ErrorCategory is null ? "" : ", last failure " + due.Entry.ErrorCategory), "Retry Add to Sequence");

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
