using System.Management.Automation;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Configuration;

namespace LeanData.Outreach.Cmdlets.Commands.Configuration;

[Cmdlet(VerbsCommon.Get, "LDRetryPolicy")]
[OutputType(typeof(RetryPolicy))]
public sealed class GetLDRetryPolicyCommand : ConfigurationCmdlet
{
    protected override void ProcessRecord() => WriteObject(Configuration.GetRetryPolicy());
}
