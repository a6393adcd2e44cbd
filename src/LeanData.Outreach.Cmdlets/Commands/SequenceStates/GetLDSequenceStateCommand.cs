using System.Management.Automation;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Cmdlets.Completion;
using LDOutreachException = LeanData.Outreach.Errors.LDOutreachException;
using LeanData.Outreach.Routing;
using LeanData.Outreach.SequenceStates;
using LeanData.Outreach.Engine.Planning;
using LeanData.Outreach.Store;

namespace LeanData.Outreach.Cmdlets.Commands.SequenceStates;

[Cmdlet(VerbsCommon.Get, "LDSequenceState")]
[OutputType(typeof(SequenceStateInfo))]
public sealed class GetLDSequenceStateCommand : ConnectedLDCmdlet
{
    /// <summary>
    /// SequenceState ids. Not bound by property name: Get-LDSequence, Get-LDOutreachUser and Get-LDMailbox output also
    /// has an Id, which is not a sequenceState id (piped objects bind -SequenceStateId, -SequenceId and -MailboxId instead).
    /// </summary>
    [Parameter(Position = 0)]
    [ValidateRange(1, long.MaxValue)]
    public long[]? Id { get; set; }

    /// <summary>The SequenceStateId property of piped objects (Get-LDSequenceState, Invoke-LDAddToSequence, Get-LDAuditLog output).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, long.MaxValue)]
    public long[]? SequenceStateId { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, long.MaxValue)]
    public long[]? ProspectId { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, long.MaxValue)]
    public long[]? SequenceId { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SequenceNameCompleter))]
    public string[]? Sequence { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, long.MaxValue)]
    public long[]? MailboxId { get; set; }

    [Parameter]
    [ValidateSet("active", "paused", "finished", "pending", "bounced", "disabled", "failed", "opted_out", IgnoreCase = true)]
    public string[]? State { get; set; }

    protected override void ProcessRecord()
    {
        var sequenceIds = new List<long>(SequenceId ?? []);
        if (Sequence is not null)
        {
            var resolver = new CatalogResolver(new CatalogRepository(Store));
            foreach (var name in Sequence)
            {
                try
                {
                    sequenceIds.Add(resolver.ResolveSequence(MapReference.Parse(name), requireUsable: false).Id);
                }
                catch (CatalogResolutionException ex)
                {
                    ThrowFailure(ex, name);
                }
            }
        }
        var filter = new SequenceStateFilter
        {
            Ids = [.. Id ?? [], .. SequenceStateId ?? []],
            ProspectIds = ProspectId ?? [],
            SequenceIds = sequenceIds,
            MailboxIds = MailboxId ?? [],
            States = State ?? [],
        };
        var reader = new SequenceStateReader(Session.Client);
        RunConnected(async (output, token) =>
        {
            using var progress = new ProgressReporter(output, 1, "Reading sequenceStates from Outreach");
            var count = 0;
            try
            {
                await foreach (var state in reader.ListAsync(filter, token).ConfigureAwait(false))
                {
                    output.WriteObject(state);
                    if (++count % 500 == 0) progress.Report($"{count} sequenceStates read");
                }
            }
            catch (LDOutreachException ex)
            {
                output.WriteError(ErrorRecords.FromFailure(ex, filter));
            }
        }, filter);
    }
}
