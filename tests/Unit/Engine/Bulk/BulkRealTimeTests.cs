using System.Diagnostics;
using LeanData.Outreach.Outcomes;
using Xunit;
using static LeanData.Outreach.Tests.Engine.Bulk.BulkHarness;

namespace LeanData.Outreach.Tests.Engine.Bulk;

/// <summary>The bulk path's real-clock promise: Ctrl+C while a batch is polled ends the run within a second.</summary>
[Trait("Category", "RealTime")]
public class BulkRealTimeTests
{
    [Fact]
    public async Task Ctrl_C_while_polling_a_batch_returns_within_a_second_with_every_record_Pending()
    {
        await using var h = await EngineHarness.StartAsync();
        var ids = AddProspects(h, 40);
        h.Host.Runtime.BatchSettings = h.Host.Runtime.BatchSettings with { ItemsPerSecond = 1 }; // 40 s of processing: only Ctrl+C ends the wait
        var planner = await PlannerAsync(h);
        using var stop = new CancellationTokenSource();
        var executor = Executor(h, BulkPath(h, new LeanData.Outreach.Engine.Bulk.BulkOptions { FirstPoll = TimeSpan.FromMilliseconds(100), MaxPollInterval = TimeSpan.FromSeconds(5) }));
        var run = executor.ExecuteAsync(ids.Select((id, i) => planner.Plan(Lead(id, index: i + 1))).ToList(), stop.Token);
        Assert.True(h.Host.Counters.WaitForBatchPolls(3, TimeSpan.FromSeconds(30))); // deep in the back-off: the next poll is seconds away
        var watch = Stopwatch.StartNew();
        stop.Cancel();
        var results = await run;
        watch.Stop();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"stopped after {watch.Elapsed.TotalMilliseconds:n0} ms");
        Assert.All(results, r => Assert.Equal((ActionOutcome.Pending, SendPath.Bulk), (r.Outcome, r.Via)));
    }
}
