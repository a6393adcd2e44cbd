using System.Management.Automation;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Logs;
using LeanData.Outreach.Store;

namespace LeanData.Outreach.Cmdlets.Commands.Logs;

/// <summary>The request budget per Outreach user: client budget used and remaining in the current window, and the server's last headers.</summary>
[Cmdlet(VerbsCommon.Get, "LDRateLimitStatus")]
[OutputType(typeof(RateLimitStatus))]
public sealed class GetLDRateLimitStatusCommand : LDCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("UserId")]
    public long[]? OutreachUserId { get; set; }

    protected override void ProcessRecord()
    {
        if (!Store.Exists) return;
        foreach (var status in new RateLimitStatusQuery(Store).Read(DateTimeOffset.UtcNow))
            if (OutreachUserId is null || OutreachUserId.Contains(status.OutreachUserId)) WriteObject(status);
    }
}
