using System.Collections.Concurrent;
using System.Globalization;
using System.Management.Automation;
using LeanData.Outreach.Outcomes;
using LeanData.Outreach.Engine.Execution;
using LeanData.Outreach.Engine.Planning;
using LeanData.Outreach.Errors;
using LeanData.Outreach.UseCases;
using LeanData.Outreach.Cmdlets.Base;

namespace LeanData.Outreach.Cmdlets.Commands.Enrollment;

/// <summary>
/// How Invoke-LDAddToSequence shows its results: each result to the pipeline, Error and Edge results also as a
/// non-terminating error with the catalog's id and remedy, Pending ones as a warning, and a throttled progress bar.
/// Pipeline thread only.
/// </summary>
internal sealed class AddToSequenceOutput(PSCmdlet cmdlet, AddToSequence door, string nodeName, ConcurrentQueue<string> debugLines)
{
    /// <summary>How many records the pipeline will bring, when known, so progress shows a percentage.</summary>
    public long? Total { get; set; }

    private const int ProgressActivityId = 4711;
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);
    private DateTime _lastProgress;
    private bool _progressShown;

    public void Emit(AddToSequenceResult result)
    {
        cmdlet.WriteObject(result);
        var category = result.GetCategory();
        switch (result.Outcome)
        {
            case ActionOutcome.Error or ActionOutcome.Edge:
                cmdlet.WriteError(ErrorRecords.FromCategory(category, $"{Describe(result)}: {result.Message ?? ErrorCatalog.Get(category).Title}",
                    result.GetSource() ?? result, result.RecommendedAction));
                break;
            case ActionOutcome.Pending:
                cmdlet.WriteWarning($"{Describe(result)} is Pending{(result.NextAttemptAt is { } next ? " until " + next.ToString("u", CultureInfo.InvariantCulture) : "")}: {result.Message} (action {result.ActionId}; Start-LDRetryWorker sends it again).");
                break;
        }
        if (result.GetStoreFailure() is { } store)
        {
            var outcome = result.SequenceStateId is { } state ? $"{result.Outcome}, sequenceState {state}" : $"{result.Outcome}{(result.ErrorCategory is null ? "" : " " + result.ErrorCategory)}";
            cmdlet.WriteError(ErrorRecords.FromCategory(FailureCategory.StoreResultNotRecorded,
                $"{Describe(result)}: its result ({outcome}) is in this output but not in the store's audit log: {store.Message}", result.GetSource() ?? result));
        }
    }

    public void WriteDebugLines()
    {
        while (debugLines.TryDequeue(out var line)) cmdlet.WriteDebug(line);
    }

    /// <summary>Completes the run and writes every result still to come, with progress while the engine waits, then completes the progress bar.</summary>
    public void EmitToTheEnd()
    {
        var completion = door.CompleteAsync();
        var reader = door.Results;
        while (true)
        {
            // Wake up while the engine waits (maintenance, rate limit), so progress and -Verbose say so at once.
            var more = reader.WaitToReadAsync(CancellationToken.None).AsTask();
            while (!more.Wait(ProgressInterval)) ReportProgress(completed: false);
            if (!more.GetAwaiter().GetResult()) break;
            while (reader.TryRead(out var result)) Emit(result);
            ReportProgress(completed: false);
        }
        completion.GetAwaiter().GetResult();
        // -WhatIf: each group a run would send as one bulk action (its records were listed one by one above).
        foreach (var preview in door.BulkPreviews)
            cmdlet.ShouldProcess(preview.Describe(), preview.Describe(), "Add to Outreach sequence in bulk");
        ReportProgress(completed: true);
    }

    public void ReportProgress(bool completed)
    {
        while (door.TryTakeWarning(out var warning)) cmdlet.WriteWarning(warning);
        WriteDebugLines();
        while (door.TryTakeWait(out var wait))
            cmdlet.WriteVerbose($"Waiting {wait.Duration.TotalSeconds:n0} s, until {wait.Until.ToLocalTime():T}, for {wait.Reason}.");
        var activity = $"Add to sequence ({nodeName})";
        if (completed)
        {
            if (_progressShown) cmdlet.WriteProgress(new ProgressRecord(ProgressActivityId, activity, "Completed") { RecordType = ProgressRecordType.Completed });
            return;
        }
        var now = DateTime.UtcNow;
        if (now - _lastProgress < ProgressInterval) return;
        _lastProgress = now;
        _progressShown = true;
        var p = door.Progress;
        var progress = new ProgressRecord(ProgressActivityId, activity, door.PlanOnly
            ? $"Planned {p.Processed}{(Total is { } all ? $" of {all}" : "")} (no call: {p.Failed}) [WhatIf]"
            : $"Processed {p.Processed} of {Total ?? p.Accepted}: succeeded {p.Succeeded}, pending {p.Pending}, failed {p.Failed}");
        if (Total is { } total) progress.PercentComplete = (int)Math.Min(100, p.Processed * 100 / total);
        cmdlet.WriteProgress(progress);
    }

    public static string Describe(RecordPlan plan) =>
        plan.TargetRecordId != plan.RecordId && plan.TargetRecordId is not null
            ? $"{plan.RecordType} {plan.RecordId} (converted to {plan.TargetRecordType} {plan.TargetRecordId}, prospect {plan.ProspectId})"
            : $"{plan.RecordType} {plan.RecordId} (prospect {plan.ProspectId})";

    private static string Describe(AddToSequenceResult result) => $"{result.RecordType ?? "Record"} {result.RecordId ?? "(no Id)"}";
}
