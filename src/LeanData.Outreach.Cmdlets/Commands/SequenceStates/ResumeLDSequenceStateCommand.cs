using System.Management.Automation;
using LeanData.Outreach.SequenceStates;

namespace LeanData.Outreach.Cmdlets.Commands.SequenceStates;

[Cmdlet(VerbsLifecycle.Resume, "LDSequenceState", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = IdSet)]
[OutputType(typeof(SequenceStateActionResult))]
public sealed class ResumeLDSequenceStateCommand : SequenceStateActionCmdlet
{
    protected override SequenceStateAction Action => SequenceStateAction.Resume;

    protected override string Describe(long id) => string.Format(System.Globalization.CultureInfo.InvariantCulture, "Resume paused sequenceState {0} in Outreach: its steps continue", id);
}
