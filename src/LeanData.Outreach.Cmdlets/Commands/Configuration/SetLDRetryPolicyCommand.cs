using System.Management.Automation;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Configuration;

namespace LeanData.Outreach.Cmdlets.Commands.Configuration;

/// <summary>The reference document's "Retry Action In" (minutes, hours or days) and the number of further attempts.</summary>
[Cmdlet(VerbsCommon.Set, "LDRetryPolicy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByInterval)]
[OutputType(typeof(RetryPolicy))]
public sealed class SetLDRetryPolicyCommand : ConfigurationCmdlet
{
    private const string ByInterval = "Interval";
    private const string ByMinutes = "Minutes";
    private const string ByHours = "Hours";
    private const string ByDays = "Days";

    [Parameter(ParameterSetName = ByInterval, Position = 0, ValueFromPipelineByPropertyName = true)]
    public TimeSpan? Interval { get; set; }

    [Parameter(ParameterSetName = ByMinutes, Mandatory = true)]
    public int Minutes { get; set; }

    [Parameter(ParameterSetName = ByHours, Mandatory = true)]
    public int Hours { get; set; }

    [Parameter(ParameterSetName = ByDays, Mandatory = true)]
    public int Days { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public int? MaxAttempts { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        // No store yet: start from the defaults rather than create one (under -WhatIf nothing may be written).
        var current = Store.Exists ? Configuration.GetRetryPolicy() : RetryPolicy.Default;
        var interval = ParameterSetName switch
        {
            ByMinutes => TimeSpan.FromMinutes(Minutes),
            ByHours => TimeSpan.FromHours(Hours),
            ByDays => TimeSpan.FromDays(Days),
            _ => Interval ?? current.IntervalSpan,
        };
        var policy = new RetryPolicy(interval, MaxAttempts ?? current.MaxAttempts);
        if (!TryApply(ErrorCatalog.InvalidRetryPolicy, policy, () => policy.Validated())) return;
        if (!ShouldProcess(Store.Path, $"Retry qualifying failures every {policy.Interval} for {policy.MaxAttempts} further attempts")) return;
        Configuration.SetRetryPolicy(policy);
        if (PassThru) WriteObject(policy);
    }
}
