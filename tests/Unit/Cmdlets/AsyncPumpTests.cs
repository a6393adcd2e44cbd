using LeanData.Outreach.Errors;
using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using LeanData.Outreach.Cmdlets.Base;
using Xunit;

namespace LeanData.Outreach.Tests.Cmdlets;

/// <summary>A cmdlet that writes from thread-pool threads, to prove the pump and cancellation.</summary>
[Cmdlet(VerbsDiagnostic.Test, "LDPump")]
[OutputType(typeof(int))]
public sealed class TestLDPumpCommand : AsyncLDCmdlet
{
    [Parameter] public int Count { get; set; } = 100;
    [Parameter] public int DelayMilliseconds { get; set; }
    [Parameter] public int FailAt { get; set; } = -1;

    public static volatile bool Finished;
    public static volatile bool Cancelled;

    protected override void ProcessRecord() => RunAsync(async (output, token) =>
    {
        Finished = false;
        Cancelled = false;
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(1, Count), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = token }, async (i, ct) =>
            {
                if (DelayMilliseconds > 0) await Task.Delay(DelayMilliseconds, ct);
                if (i == FailAt)
                    output.WriteError(ErrorRecords.Create(new ErrorDefinition("PumpFailure", "InvalidData", "Retry the item."), $"item {i} failed", i, "Nothing to do."));
                else
                    output.WriteObject(i);
            });
            Finished = true;
        }
        catch (OperationCanceledException)
        {
            Cancelled = true;
            throw;
        }
    });
}

public sealed class AsyncPumpTests
{
    private static PowerShell CreateShell()
    {
        var state = InitialSessionState.CreateDefault2();
        state.Commands.Add(new SessionStateCmdletEntry("Test-LDPump", typeof(TestLDPumpCommand), null));
        return PowerShell.Create(state);
    }

    [Fact]
    public void Every_write_from_worker_threads_reaches_the_pipeline()
    {
        using var shell = CreateShell();
        var results = shell.AddCommand("Test-LDPump").AddParameter("Count", 500).Invoke<int>();
        Assert.Equal(Enumerable.Range(1, 500), results.OrderBy(i => i));
        Assert.True(TestLDPumpCommand.Finished);
    }

    [Fact]
    public void A_per_item_failure_is_a_non_terminating_error_with_its_id_and_remedy()
    {
        using var shell = CreateShell();
        var results = shell.AddCommand("Test-LDPump").AddParameter("Count", 10).AddParameter("FailAt", 3).Invoke<int>();
        Assert.Equal(9, results.Count);
        var error = Assert.Single(shell.Streams.Error);
        Assert.StartsWith("PumpFailure,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal(3, error.TargetObject);
        Assert.Equal("Nothing to do.", error.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public void ErrorAction_Stop_stops_the_work_and_throws_the_record()
    {
        using var shell = CreateShell();
        shell.AddCommand("Test-LDPump").AddParameter("Count", 1000).AddParameter("DelayMilliseconds", 5).AddParameter("FailAt", 2).AddParameter("ErrorAction", ActionPreference.Stop);
        var error = Assert.ThrowsAny<RuntimeException>(() => shell.Invoke());
        Assert.StartsWith("PumpFailure", error.ErrorRecord.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.True(TestLDPumpCommand.Cancelled);
        Assert.False(TestLDPumpCommand.Finished);
    }

    [Fact]
    [Trait("Category", "RealTime")]
    public void Stopping_the_pipeline_cancels_the_work_within_a_second()
    {
        using var shell = CreateShell();
        shell.AddCommand("Test-LDPump").AddParameter("Count", 100_000).AddParameter("DelayMilliseconds", 50);
        var output = new PSDataCollection<PSObject>();
        using var started = new ManualResetEventSlim();
        output.DataAdded += (_, _) => started.Set();
        var running = shell.BeginInvoke<PSObject, PSObject>(null, output);
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)), "the pump wrote nothing");
        var watch = Stopwatch.StartNew();
        shell.Stop();
        Assert.ThrowsAny<PipelineStoppedException>(() => shell.EndInvoke(running));
        watch.Stop();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"stopping took {watch.Elapsed}");
        Assert.True(TestLDPumpCommand.Cancelled);
    }

    [Fact]
    public void Select_First_stops_the_work_early()
    {
        using var shell = CreateShell();
        shell.AddScript("Test-LDPump -Count 100000 -DelayMilliseconds 1 | Select-Object -First 3");
        var results = shell.Invoke();
        Assert.Equal(3, results.Count);
        Assert.False(TestLDPumpCommand.Finished);
    }
}
