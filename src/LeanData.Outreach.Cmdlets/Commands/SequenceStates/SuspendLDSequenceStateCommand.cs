using System.Management.Automation;
using LeanData.Outreach.SequenceStates;

namespace LeanData.Outreach.Cmdlets.Commands.SequenceStates;

[Cmdlet(VerbsLifecycle.Suspend, "LDSequenceState", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = IdSet)]
[OutputType(typeof(SequenceStateActionResult))]
public sealed class SuspendLDSequenceStateCommand : SequenceStateActionCmdlet
{
    protected override SequenceStateAction Action => SequenceStateAction.Pause;

    protected override string Describe(long id) => string.Format(System.Globalization.CultureInfo.InvariantCulture, "Pause sequenceState {0} in Outreach: its remaining steps wait until it is resumed", id);
}
