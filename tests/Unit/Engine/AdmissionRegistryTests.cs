using LeanData.Outreach.Configuration;
using LeanData.Outreach.Outreach.Transport;
using Xunit;

namespace LeanData.Outreach.Tests.Engine;

public sealed class AdmissionRegistryTests
{
    [Fact]
    public async Task One_admission_per_api_and_user_and_reset_leaves_one_in_use_working()
    {
        var api = new Uri($"http://127.0.0.1/{Guid.NewGuid():n}/api/v2");
        var settings = new RateLimitSettings(10, TimeSpan.FromMinutes(1));
        var inUse = AdmissionRegistry.For(api, 1, settings);
        Assert.Same(inUse, AdmissionRegistry.For(new Uri(api.AbsoluteUri + "/"), 1, settings));
        Assert.NotSame(inUse, AdmissionRegistry.For(api, 2, settings));

        AdmissionRegistry.Reset();

        // A command (or a test class) holding the admission keeps sending through it: nothing was disposed.
        var (ticket, blocked) = await inUse.AdmitAsync(TimeSpan.Zero, CancellationToken.None);
        Assert.Null(blocked);
        ticket!.Complete(null, null);
        Assert.NotSame(inUse, AdmissionRegistry.For(api, 1, settings));
    }

    [Fact]
    public async Task A_session_on_another_clock_gets_an_admission_on_that_clock()
    {
        var api = new Uri($"http://127.0.0.1/{Guid.NewGuid():n}/api/v2");
        var settings = new RateLimitSettings(1, TimeSpan.FromMinutes(1));
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T12:00:00Z"));
        var onClock = AdmissionRegistry.For(api, 1, settings, clock);
        Assert.Same(onClock, AdmissionRegistry.For(api, 1, settings, clock));
        Assert.NotSame(onClock, AdmissionRegistry.For(api, 1, settings, TimeProvider.System));

        var (ticket, _) = await onClock.AdmitAsync(TimeSpan.Zero, CancellationToken.None);
        ticket!.Complete(null, null);
        clock.Advance(TimeSpan.FromMinutes(1));
        // The permit came back on the session's clock, not a minute of wall-clock time later.
        Assert.Null((await onClock.AdmitAsync(TimeSpan.Zero, CancellationToken.None)).Blocked);
    }
}
