using System.Globalization;
using LeanData.Outreach.Errors;
using System.Management.Automation;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Store;

namespace LeanData.Outreach.Cmdlets.Commands.Logs;

/// <summary>Removes audit entries (with their attempts and callouts) older than a cut-off; Pending actions are kept unless -IncludePending.</summary>
[Cmdlet(VerbsCommon.Remove, "LDAuditLog", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByAge)]
[OutputType(typeof(AuditLogRemoval))]
public sealed class RemoveLDAuditLogCommand : LDCmdlet
{
    private const string ByAge = "OlderThan";
    private const string ByDate = "Before";

    [Parameter(ParameterSetName = ByAge, Mandatory = true, Position = 0)]
    public TimeSpan OlderThan { get; set; }

    [Parameter(ParameterSetName = ByDate, Mandatory = true)]
    public DateTime Before { get; set; }

    [Parameter]
    public SwitchParameter IncludePending { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ByAge && OlderThan < TimeSpan.Zero)
            ThrowFailure(ErrorCatalog.InvalidAuditLogRetention, $"OlderThan must not be negative (got {OlderThan}).", OlderThan,
                "Give a positive age, for example -OlderThan (New-TimeSpan -Days 30).");
        var cutoff = ParameterSetName == ByDate ? new DateTimeOffset(Before) : DateTimeOffset.Now - OlderThan;
        if (!Store.Exists)
        {
            if (PassThru) WriteObject(new AuditLogRemoval(0, cutoff));
            return;
        }
        var retention = new AuditLogRetention(Store);
        var count = retention.CountOlderThan(cutoff, IncludePending);
        var what = string.Format(CultureInfo.CurrentCulture, "Remove {0} audit entries created before {1:u} with their attempts and callouts{2}",
            count, cutoff.ToUniversalTime(), IncludePending ? ", including Pending actions that would never be retried" : " (Pending actions are kept)");
        if (!ShouldProcess(Store.Path, what)) return;
        var removed = retention.RemoveOlderThan(cutoff, IncludePending, CancellationToken);
        WriteVerbose($"Removed {removed} audit entries created before {cutoff.ToUniversalTime():u}.");
        if (PassThru) WriteObject(new AuditLogRemoval(removed, cutoff));
    }
}

/// <summary>What Remove-LDAuditLog removed.</summary>
public sealed record AuditLogRemoval(long Removed, DateTimeOffset CreatedBefore);
