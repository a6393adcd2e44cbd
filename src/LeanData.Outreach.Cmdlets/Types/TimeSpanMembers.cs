using System.Management.Automation;
using LeanData.Outreach.Cmdlets.Commands.Retry;
using LeanData.Outreach.Configuration;
using LeanData.Outreach.Engine.Retry;
using LeanData.Outreach.Logs;

namespace LeanData.Outreach.Cmdlets.Types;

/// <summary>
/// The getters of LeanData.Outreach.Types.ps1xml: PowerShell reads each output type's time span as a TimeSpan under the
/// name whose .NET property holds its text for ConvertTo-Json (Outcomes/TimeSpanText.cs).
/// </summary>
public static class TimeSpanMembers
{
    public static TimeSpan RetryPolicyInterval(PSObject value) => ((RetryPolicy)value.BaseObject).IntervalSpan;
    public static TimeSpan RateLimitWindow(PSObject value) => ((RateLimitSettings)value.BaseObject).WindowSpan;
    public static TimeSpan RateLimitStatusClientWindow(PSObject value) => ((RateLimitStatus)value.BaseObject).ClientWindowSpan;
    public static TimeSpan RetryWorkerSummaryDuration(PSObject value) => ((RetryWorkerSummary)value.BaseObject).DurationSpan;
    public static TimeSpan RetryWorkerRegistrationInterval(PSObject value) => ((RetryWorkerRegistration)value.BaseObject).IntervalSpan;
}
