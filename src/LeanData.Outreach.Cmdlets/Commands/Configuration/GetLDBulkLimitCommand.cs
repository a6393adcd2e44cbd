using System.Management.Automation;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Configuration;

namespace LeanData.Outreach.Cmdlets.Commands.Configuration;

[Cmdlet(VerbsCommon.Get, "LDBulkLimit")]
[OutputType(typeof(BulkLimit))]
public sealed class GetLDBulkLimitCommand : ConfigurationCmdlet
{
    protected override void ProcessRecord() => WriteObject(Configuration.GetBulkLimit());
}
