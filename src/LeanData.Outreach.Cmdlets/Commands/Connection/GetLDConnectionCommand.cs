using System.Management.Automation;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Connection;

namespace LeanData.Outreach.Cmdlets.Commands.Connection;

/// <summary>Which store, API base, authorized user, scopes and token expiry are in use; offline, no secrets.</summary>
[Cmdlet(VerbsCommon.Get, "LDConnection")]
[OutputType(typeof(OutreachContext))]
public sealed class GetLDConnectionCommand : LDCmdlet
{
    protected override void ProcessRecord()
    {
        if (OutreachContext.Read(Store, TimeProvider.System) is { } context) WriteObject(context);
        else WriteVerbose($"The store {Store.Path} holds no Outreach connection; run Connect-LDOutreach.");
    }
}
