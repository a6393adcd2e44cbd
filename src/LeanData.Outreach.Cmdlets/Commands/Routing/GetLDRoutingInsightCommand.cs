using System.Management.Automation;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Cmdlets.Completion;
using LeanData.Outreach.Routing;
using LeanData.Outreach.Store;

namespace LeanData.Outreach.Cmdlets.Commands.Routing;

[Cmdlet(VerbsCommon.Get, "LDRoutingInsight")]
[OutputType(typeof(RoutingInsight))]
public sealed class GetLDRoutingInsightCommand : LDCmdlet
{
    [Parameter(Position = 0)]
    [AllowEmptyCollection]
    public RoutingDimension[] GroupBy { get; set; } = [RoutingDimension.Node];

    [Parameter]
    public DateTime? Since { get; set; }

    [Parameter]
    public DateTime? Until { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NodeNameCompleter))]
    public string[]? NodeName { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, long.MaxValue)]
    public long[]? SequenceId { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, long.MaxValue)]
    public long[]? UserId { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string ActionType { get; set; } = RoutingInsightFilter.AddToSequenceActionType;

    protected override void ProcessRecord()
    {
        if (Since is { } s && Until is { } u && u <= s)
        {
            WriteFailure(ErrorCatalog.InvalidRoutingInsightRange, $"-Until ({u:o}) is not after -Since ({s:o}).", Until,
                "Give an -Until later than -Since.");
            return;
        }
        var filter = new RoutingInsightFilter
        {
            GroupBy = GroupBy,
            Since = Since is { } since ? new DateTimeOffset(since) : null,
            Until = Until is { } until ? new DateTimeOffset(until) : null,
            NodeNames = NodeName ?? [],
            SequenceIds = SequenceId ?? [],
            UserIds = UserId ?? [],
            ActionType = ActionType,
        };
        foreach (var insight in new RoutingInsightQuery(Store).Query(filter, CancellationToken)) WriteObject(insight);
    }
}
