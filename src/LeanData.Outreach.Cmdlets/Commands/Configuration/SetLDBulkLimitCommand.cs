using System.Management.Automation;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Configuration;

namespace LeanData.Outreach.Cmdlets.Commands.Configuration;

/// <summary>Outreach's daily cap on Bulk API batch items per org (default 5,000,000), shared by every run and retry worker on the store.</summary>
[Cmdlet(VerbsCommon.Set, "LDBulkLimit", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(BulkLimit))]
public sealed class SetLDBulkLimitCommand : ConfigurationCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public long ItemsPerDay { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var limit = new BulkLimit(ItemsPerDay);
        if (!TryApply(ErrorCatalog.InvalidBulkLimit, limit, () => limit.Validated())) return;
        if (!ShouldProcess(Store.Path, $"Send at most {limit.ItemsPerDay} records per UTC day through Outreach's Bulk API")) return;
        Configuration.SetBulkLimit(limit);
        if (PassThru) WriteObject(limit);
    }
}
