using System.Management.Automation;
using LeanData.Outreach.SequenceStates;

namespace LeanData.Outreach.Cmdlets.Commands.SequenceStates;

[Cmdlet(VerbsLifecycle.Complete, "LDSequenceState", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = IdSet)]
[OutputType(typeof(SequenceStateActionResult))]
public sealed class CompleteLDSequenceStateCommand : SequenceStateActionCmdlet
{
    protected override SequenceStateAction Action => SequenceStateAction.Finish;

    protected override string Describe(long id) => string.Format(System.Globalization.CultureInfo.InvariantCulture, "Finish sequenceState {0} in Outreach: the prospect leaves the sequence and no further steps run", id);
}
