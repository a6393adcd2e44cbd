using System.Management.Automation;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Configuration;

namespace LeanData.Outreach.Cmdlets.Commands.Configuration;

/// <summary>The client-side request budget per Outreach user (default 5,000 per hour).</summary>
[Cmdlet(VerbsCommon.Set, "LDRateLimit", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(RateLimitSettings))]
public sealed class SetLDRateLimitCommand : ConfigurationCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("RequestsPerHour")]
    public int? Limit { get; set; }

    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    public TimeSpan? Window { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        // No store yet: start from the defaults rather than create one (under -WhatIf nothing may be written).
        var current = Store.Exists ? Configuration.GetRateLimit() : RateLimitSettings.Default;
        var settings = new RateLimitSettings(Limit ?? current.Limit, Window ?? current.WindowSpan);
        if (!TryApply(ErrorCatalog.InvalidRateLimit, settings, () => settings.Validated())) return;
        if (!ShouldProcess(Store.Path, $"Allow at most {settings.Limit} requests per Outreach user every {settings.Window}")) return;
        Configuration.SetRateLimit(settings);
        if (PassThru) WriteObject(settings);
    }
}
