using System.Management.Automation;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Connection;

namespace LeanData.Outreach.Cmdlets.Commands.Connection;

/// <summary>Runs the connection checks and writes one object per check (Name, Passed, Detail, RecommendedAction).</summary>
[Cmdlet(VerbsDiagnostic.Test, "LDOutreachConnection")]
[OutputType(typeof(ConnectionCheck))]
[OutputType(typeof(bool))]
public sealed class TestLDOutreachConnectionCommand : ConnectedLDCmdlet
{
    /// <summary>Write only $true when every check passed, else $false (checks that cannot be made do not count).</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        IReadOnlyList<ConnectionCheck> checks = [];
        RunConnected(async (output, ct) =>
        {
            using var progress = new ProgressReporter(output, 1, "Testing the Outreach connection");
            progress.Report("Running checks");
            checks = await ConnectionTester.RunAsync(Store, CreateSessionOptions(), ct).ConfigureAwait(false);
        }, Store.Path);
        if (Quiet)
        {
            WriteObject(checks.All(c => c.Passed != false));
            return;
        }
        foreach (var check in checks) WriteObject(check);
    }
}
