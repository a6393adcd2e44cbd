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
}
