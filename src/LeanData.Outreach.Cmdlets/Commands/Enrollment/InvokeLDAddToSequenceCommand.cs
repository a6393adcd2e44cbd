using System.Collections.Concurrent;
using System.Management.Automation;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Cmdlets.Completion;
using LeanData.Outreach.Cmdlets.Records;
using LeanData.Outreach.Engine.Batching;
using LeanData.Outreach.Engine.Bulk;
using LeanData.Outreach.Engine.Execution;
using LeanData.Outreach.Engine.Planning;
using LeanData.Outreach.UseCases;

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
    private AddToSequence? _door;
    private long _index;
    private AddToSequenceOutput? _output;

    /// <summary>A Salesforce Lead or Contact: Import-Csv rows, Salesforce CLI JSON records, hashtables or any object.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [Alias("Record")]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    /// <summary>How many records the pipeline will bring, so progress shows a percentage (an -InputObject array counts itself).</summary>
    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long TotalCount { get; set; }

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
    [ArgumentCompleter(typeof(NodeNameCompleter))]
    public string NodeName { get; set; } = PlanOptions.DefaultNodeName;

    /// <summary>A Merge Dupe node is in the same path: every record is Skipped, as LeanData does.</summary>
    [Parameter]
    public SwitchParameter MergeDupeInPath { get; set; }

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

    /// <summary>
    /// Send even a record that already has a Success or Pending action for the same sequence and node in the store
    /// (by default such a record is Skipped as AlreadyAdded or AlreadyPending, without a call).
    /// </summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Only an earlier Success this recent keeps a record from being sent again (for example 30.00:00:00 re-adds records added over 30 days ago).</summary>
    [Parameter]
    public TimeSpan? SkipIfAddedWithin { get; set; }

    /// <summary>
    /// A batch's records for one sequence and sending mailbox go to Outreach in one Bulk API action from this many on
    /// (default 25); smaller groups are sent one by one.
    /// </summary>
    [Parameter]
    [ValidateRange(1, 100_000)]
    public int BulkThreshold { get; set; } = BulkOptions.DefaultThreshold;

    /// <summary>Never use the Bulk API: one POST /sequenceStates per record.</summary>
    [Parameter]
    public SwitchParameter NoBulk { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        var request = new AddToSequenceRequest
        {
            Sequence = UseUserSequenceMap ? null : AddToSequenceInputs.Sequence(Sequence),
            UseUserSequenceMap = UseUserSequenceMap,
            Mailbox = Enum.Parse<MailboxMode>(Mailbox, ignoreCase: true),
            UserField = UserField,
            User = User is PSObject ps ? ps.BaseObject : User,
            NodeName = NodeName,
            MergeDupeInPath = MergeDupeInPath,
            BatchSize = BatchSize,
            BatchWindow = BatchWindow,
            ThrottleLimit = ThrottleLimit,
            Force = Force,
            SkipIfAddedWithin = SkipIfAddedWithin,
            Bulk = new BulkOptions { Enabled = !NoBulk, Threshold = BulkThreshold },
            WhatIf = WhatIfRequested,
            Observer = DebugWanted() ? new DebugCalloutObserver(_debugLines.Enqueue) : null,
        };
        try
        {
            _door = AddToSequence.Open(Store, request, CancellationToken);
        }
        catch (UseCaseException ex)
        {
            ThrowFailure(ex, ex.Target);
        }
        _output = new AddToSequenceOutput(this, _door!, NodeName, _debugLines);
        _output.WriteDebugLines();
        foreach (var warning in _door!.Warnings) WriteWarning(warning);
    }

    // Debug lines of the requests made on worker threads, written by the pipeline thread.
    private readonly ConcurrentQueue<string> _debugLines = new();

    protected override void ProcessRecord()
    {
        var (inputs, count) = AddToSequenceInputs.Expand(InputObject, MyInvocation.ExpectingInput);
        _output!.Total ??= count ?? (TotalCount > 0 ? TotalCount : null);
        foreach (var input in inputs)
            foreach (var record in RecordConverter.ToRecords(input, () => ++_index))
                _door!.Submit(record, plan => ShouldProcess(AddToSequenceOutput.Describe(plan),
                    $"Add to Outreach sequence '{plan.SequenceName}' ({plan.SequenceId}) from mailbox {plan.MailboxId} (user {plan.UserId})"));
        while (_door!.Results.TryRead(out var result)) _output!.Emit(result);
        _output!.ReportProgress(completed: false);
    }

    protected override void EndProcessing()
    {
        try
        {
            _output!.EmitToTheEnd();
        }
        finally
        {
            base.EndProcessing();
        }
    }

    protected override void StopProcessing()
    {
        base.StopProcessing();
        // Ctrl+C: whatever was accepted and not sent is stored Pending before the pipeline unwinds.
        try { _door?.CompleteAsync().Wait(TimeSpan.FromSeconds(10)); }
        catch (AggregateException) { /* reported by the store on the next run; nothing more to do while stopping */ }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _door is not null)
        {
            _door.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _door = null;
        }
        base.Dispose(disposing);
    }
}
