using System.Diagnostics;
using System.Management.Automation;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Cmdlets.Completion;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Logs;
using LeanData.Outreach.Store;

namespace LeanData.Outreach.Cmdlets.Commands.Logs;

/// <summary>Audit entries (one per record and node) with the trail of attempts; every filter runs in SQL and output streams.</summary>
[Cmdlet(VerbsCommon.Get, "LDAuditLog")]
[OutputType(typeof(AuditEntry))]
public sealed class GetLDAuditLogCommand : LDCmdlet
{
    [Parameter(Position = 0)]
    [ValidateAuditOutcome]
    [ArgumentCompleter(typeof(AuditOutcomeCompleter))]
    public string[]? Outcome { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NodeNameCompleter))]
    public string[]? NodeName { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? RecordId { get; set; }

    [Parameter]
    [Alias("SequenceName")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SequenceNameCompleter))]
    public string[]? Sequence { get; set; }

    [Parameter]
    public FailureCategory[]? ErrorCategory { get; set; }

    [Parameter]
    [ValidateSet("ConfigurationError", "MissingProspectId", "MissingUserId", "QueueOwner", IgnoreCase = true)]
    public string[]? Edge { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public long[]? ActionId { get; set; }

    [Parameter]
    public DateTime? Since { get; set; }

    [Parameter]
    public DateTime? Until { get; set; }

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? First { get; set; }

    [Parameter]
    public SwitchParameter Descending { get; set; }

    protected override void ProcessRecord()
    {
        if (!Store.Exists) return;   // nothing was ever recorded; do not create a store just to read it
        var filter = new AuditLogFilter
        {
            Outcomes = Outcome?.Select(o => OutcomeDisplay.TryParseFilter(o, out var outcome) ? outcome : throw new UnreachableException(o)).ToList() ?? [],
            NodeNames = NodeName ?? [],
            RecordIds = RecordId ?? [],
            Sequences = Sequence ?? [],
            ErrorCategories = ErrorCategory?.Select(c => c.ToString()).ToList() ?? [],
            Edges = Edge ?? [],
            ActionIds = ActionId ?? [],
            Since = Since is { } since ? new DateTimeOffset(since) : null,
            Until = Until is { } until ? new DateTimeOffset(until) : null,
            First = First,
            Descending = Descending,
        };
        try
        {
            foreach (var entry in new AuditLogQuery(Store).Read(filter, CancellationToken))
                WriteObject(entry);
        }
        catch (Exception ex) when (StoreFailures.IsStoreFailure(ex))
        {
            ThrowStoreFailure(ex);
        }
    }
}
