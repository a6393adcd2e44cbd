using System.Management.Automation;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Configuration;

namespace LeanData.Outreach.Cmdlets.Commands.Configuration;

[Cmdlet(VerbsCommon.Get, "LDRateLimit")]
[OutputType(typeof(RateLimitSettings))]
public sealed class GetLDRateLimitCommand : ConfigurationCmdlet
{
    protected override void ProcessRecord() => WriteObject(Configuration.GetRateLimit());
}
