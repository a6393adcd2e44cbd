using LeanData.Outreach.Configuration;
using LeanData.Outreach.Engine.RateLimiting;
using Xunit;

namespace LeanData.Outreach.Tests.Engine;

public sealed class RateBudgetRegistryTests
{
    [Fact]
    public async Task Reset_starts_afresh_but_leaves_a_budget_in_use_working()
    {
        var scope = "reset-test-" + Guid.NewGuid().ToString("n");
        var settings = new RateLimitSettings(10, TimeSpan.FromMinutes(1));
        var inUse = RateBudgetRegistry.For(scope, 1, settings);
        Assert.Same(inUse, RateBudgetRegistry.For(scope, 1, settings));

        RateBudgetRegistry.Reset();

        // A command (or a test class) holding the budget keeps sending through it: nothing was disposed.
        var sent = await inUse.Pipeline.ExecuteAsync(_ => ValueTask.FromResult(true), CancellationToken.None);
        Assert.True(sent);
        Assert.NotSame(inUse, RateBudgetRegistry.For(scope, 1, settings));
    }
}
