using System.Globalization;
using System.Management.Automation;
using System.Runtime.InteropServices;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Configuration;
using LeanData.Outreach.Engine.Execution;
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
        var options = ValidateOptions();
        var leases = new ActionLeaseRepository(Store);
        var due = leases.PeekDue(DateTimeOffset.UtcNow, WhatIfListLimit, IncludeNotDue || options.ActionIds is not null, options.ActionIds);
        if (options.ActionIds?.Except(due).ToArray() is { Length: > 0 } notPending)
            WriteWarning($"Not Pending (or leased by another worker), so not retried: action {string.Join(", ", notPending)}.");
        if (!ApproveDue(due)) return;

        var collector = new CalloutCollector();
        OutreachSession session;
        try
        {
            session = OutreachSession.FromStore(Store, new OutreachSessionOptions { Observer = collector });
        }
        catch (LeanData.Outreach.Errors.LDOutreachException ex)
        {
            ThrowFailure(ex, Store.Path);
            return;
        }
        using (session)
        {
            var configuration = new ConfigurationRepository(Store);
            var actions = new ActionRepository(Store);
            var gateway = new OutreachEnrollmentGateway(session.Client);
            var executor = new EnrollmentExecutor(gateway, actions, new ExecutorOptions
            {
                ThrottleLimit = ThrottleLimit,
                RetryPolicy = configuration.GetRetryPolicy(),
                RateLimitUserId = session.Connection.AuthorizedUserId ?? 0,
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
                worker.ActionCompleted += r => output.WriteVerbose($"Action {r.ActionId} (record {r.RecordId}): {r.Outcome}{(r.ErrorCategory is null ? "" : " " + r.ErrorCategory)}, {r.Attempts} attempts.");
                if (!Once && options.ActionIds is null) output.WriteVerbose($"Retry worker {options.Owner} polling every {options.PollInterval}; press Ctrl+C to stop.");
                var summary = Once || options.ActionIds is not null ? await worker.RunOnceAsync(stop.Token).ConfigureAwait(false) : await worker.RunAsync(stop.Token).ConfigureAwait(false);
                output.WriteObject(summary);
            });
        }
    }

    private RetryWorkerOptions ValidateOptions()
    {
        try
        {
            if (IncludeNotDue && !Once)
                ThrowFailure("InvalidRetryWorkerOption.IncludeNotDue", "-IncludeNotDue works only with -Once: a polling worker would send every Pending action again at each poll.",
                    ErrorCategory.InvalidArgument, null, "Run Start-LDRetryWorker -Once -IncludeNotDue.");
            return new RetryWorkerOptions
            {
                BatchSize = BatchSize, LeaseDuration = LeaseDuration, PollInterval = PollInterval, IncludeNotDue = IncludeNotDue,
                ActionIds = _picked ? _pickedActions.Distinct().ToArray() : null,
            }.Validated();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            ThrowFailure($"InvalidRetryWorkerOption.{ex.ParamName}", ex.Message, ErrorCategory.InvalidArgument, ex.ActualValue, "Correct the value and run the command again.", ex);
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
