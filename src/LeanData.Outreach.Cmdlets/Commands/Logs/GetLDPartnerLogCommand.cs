using System.Management.Automation;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Cmdlets.Completion;
using LeanData.Outreach.Logs;
using LeanData.Outreach.Store;

namespace LeanData.Outreach.Cmdlets.Commands.Logs;

/// <summary>The LeanData Partner Logs Report: one row per Add to Sequence action with its callout history, or -Summary totals.</summary>
[Cmdlet(VerbsCommon.Get, "LDPartnerLog", DefaultParameterSetName = Entries)]
[OutputType(typeof(PartnerLogEntry), ParameterSetName = [Entries])]
[OutputType(typeof(PartnerLogTotals), ParameterSetName = [Totals])]
public sealed class GetLDPartnerLogCommand : LDCmdlet
{
    private const string Entries = "Entries";
    private const string Totals = "Summary";

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
    [SupportsWildcards]
    [ArgumentCompleter(typeof(FailureReasonCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? FailureReason { get; set; }

    [Parameter]
    public PartnerLogStatus[]? Status { get; set; }

    [Parameter]
    public DateTime? Since { get; set; }

    [Parameter]
    public DateTime? Until { get; set; }

    [Parameter(ParameterSetName = Entries)]
    [ValidateRange(1, int.MaxValue)]
    public int? First { get; set; }

    [Parameter(ParameterSetName = Totals, Mandatory = true)]
    public SwitchParameter Summary { get; set; }

    protected override void ProcessRecord()
    {
        if (!Store.Exists)
        {
            if (Summary) WriteObject(new PartnerLogTotals());
            return;
        }
        var filter = new PartnerLogFilter
        {
            NodeNames = NodeName ?? [],
            RecordIds = RecordId ?? [],
            FailureReasons = FailureReason ?? [],
            Statuses = Status ?? [],
            Since = Since is { } since ? new DateTimeOffset(since) : null,
            Until = Until is { } until ? new DateTimeOffset(until) : null,
            First = First,
        };
        var query = new PartnerLogQuery(Store);
        try
        {
            if (Summary)
            {
                WriteObject(query.Totals(filter, CancellationToken));
                return;
            }
            foreach (var entry in query.Read(filter, CancellationToken)) WriteObject(entry);
        }
        catch (Exception ex) when (StoreFailures.IsStoreFailure(ex))
        {
            ThrowStoreFailure(ex);
        }
    }
}
