using System.Management.Automation;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Cmdlets.Completion;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.SequenceStates;
using LeanData.Outreach.Connection;

namespace LeanData.Outreach.Cmdlets.Commands.SequenceStates;

/// <summary>
/// Shared by Suspend-, Resume- and Complete-LDSequenceState: ids from arguments or the pipeline, one
/// ShouldProcess per sequenceState, batches of <see cref="BatchSize"/> sent with bounded concurrency, one
/// result per id (failures also as non-terminating errors with the catalog's id and remedy), progress, and
/// every action recorded in the store's audit and partner logs.
/// </summary>
public abstract class SequenceStateActionCmdlet : ConnectedLDCmdlet
{
    private const int BatchSize = 50;
    private readonly List<SequenceStateTarget> pending = [];
    private int done, succeeded, failed;
    private bool progressShown;

    /// <summary>The parameter set for ids given as arguments or piped as numbers.</summary>
    public const string IdSet = "Id";

    /// <summary>The parameter set for objects piped with a SequenceStateId property.</summary>
    public const string PipelineSet = "SequenceStateId";

    /// <summary>
    /// SequenceState ids as arguments or piped numbers. Deliberately not bound by property name: Get-LDSequence,
    /// Get-LDOutreachUser and Get-LDMailbox output also has an Id, and binding it would act on an unrelated sequenceState.
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = IdSet)]
    [ValidateRange(1, long.MaxValue)]
    public long[] Id { get; set; } = [];

    /// <summary>Binds the SequenceStateId property of piped objects (Get-LDSequenceState, Invoke-LDAddToSequence, Get-LDAuditLog output).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PipelineSet)]
    [ValidateRange(1, long.MaxValue)]
    public long[] SequenceStateId { get; set; } = [];

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NodeNameCompleter))]
    public string NodeName { get; set; } = SequenceStateActions.DefaultNodeName;

    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 8;

    protected abstract SequenceStateAction Action { get; }

    /// <summary>Every callout goes through it, so each action keeps its own callouts for the partner log.</summary>
    private CalloutCapture Callouts { get; } = new();

    protected override OutreachSessionOptions CreateSessionOptions() => new() { Observer = Callouts };

    /// <summary>What ShouldProcess says will happen to one sequenceState.</summary>
    protected abstract string Describe(long id);

    protected override void ProcessRecord()
    {
        foreach (var id in ParameterSetName == PipelineSet ? SequenceStateId : Id)
        {
            if (!ShouldProcess($"sequenceState {id}", Describe(id))) continue;
            pending.Add(new SequenceStateTarget(id));
            if (pending.Count >= BatchSize) Flush();
        }
    }

    protected override void EndProcessing()
    {
        Flush();
        if (progressShown)
            WriteProgress(new ProgressRecord(1, $"{Action.ActionType()} in Outreach", "Completed") { RecordType = ProgressRecordType.Completed });
        base.EndProcessing();
    }

    private void Flush()
    {
        if (pending.Count == 0) return;
        var batch = pending.ToArray();
        pending.Clear();
        var total = MyInvocation.ExpectingInput || ParameterSetName == PipelineSet ? -1 : Id.Length;
        var runner = new SequenceStateActionRunner(Session.Client, Callouts, new SequenceStateActionLog(Store)) { MaxConcurrency = ThrottleLimit };
        WriteProgress(Progress($"{done} done, sending {batch.Length} more", total));
        RunConnected(async (output, token) =>
        {
            var results = await runner.RunAsync(Action, batch, NodeName, token).ConfigureAwait(false);
            foreach (var result in results)
            {
                done++;
                if (result.IsSuccess)
                {
                    succeeded++;
                }
                else
                {
                    failed++;
                    output.WriteError(ErrorRecords.FromCategory(result.ErrorCategory ?? FailureCategory.None, result.Message!, result, result.RecommendedAction));
                }
                output.WriteObject(result);
            }
        }, batch);
        WriteProgress(Progress($"{done} done: {succeeded} succeeded, {failed} failed", total));
        progressShown = true;
    }

    private ProgressRecord Progress(string status, int total) => new(1, $"{Action.ActionType()} in Outreach", status)
    {
        PercentComplete = total > 0 ? Math.Clamp(done * 100 / total, 0, 100) : -1,
    };
}
