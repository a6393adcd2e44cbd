using System.Management.Automation;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Connection;

namespace LeanData.Outreach.Cmdlets.Commands.Connection;

/// <summary>Forgets the stored Outreach tokens, client secret and connection details. The catalog cache stays.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "LDOutreach", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class DisconnectLDOutreachCommand : LDCmdlet
{
    protected override void ProcessRecord()
    {
        if (!Store.Exists)
        {
            WriteVerbose($"No store at {Store.Path}; nothing to forget.");
            return;
        }
        if (!ShouldProcess(Store.Path, "Forget the stored Outreach access and refresh tokens, client secret and connection details")) return;
        var removed = OutreachConnector.Disconnect(Store);
        WriteVerbose(removed ? "The Outreach authorization was removed from the store." : "No Outreach authorization was stored.");
    }
}
