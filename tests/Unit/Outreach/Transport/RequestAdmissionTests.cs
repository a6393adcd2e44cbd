using LeanData.Outreach.Configuration;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outreach.Transport;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace LeanData.Outreach.Tests.Outreach.Transport;

public sealed class RequestAdmissionTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_permit_returns_one_window_after_its_response_so_no_window_holds_more_than_the_limit()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T12:00:00Z"));
        using var admission = new RequestAdmission(new RateLimitSettings(3, Window), time);
        for (var i = 0; i < 3; i++) Complete(await admission.AdmitAsync(TimeSpan.Zero, CancellationToken.None));

        time.Advance(TimeSpan.FromSeconds(1));
        var waiting = admission.AdmitAsync(TimeSpan.FromMinutes(1), CancellationToken.None);
        time.Advance(Window - TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(1));
        Assert.False(waiting.IsCompleted, "a permit came back before a full window had passed since its response");
        time.Advance(TimeSpan.FromMilliseconds(1));
        Complete(await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_wait_longer_than_allowed_is_not_sent_and_says_when_and_the_next_caller_does_not_wait_again()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T12:00:00Z"));
        using var admission = new RequestAdmission(new RateLimitSettings(1, Window), time);
        Complete(await admission.AdmitAsync(TimeSpan.Zero, CancellationToken.None));
        var (ticket, blocked) = await admission.AdmitAsync(TimeSpan.Zero, CancellationToken.None);
        Assert.Null(ticket);
        Assert.Equal((FailureCategory.RateLimitExceeded, true), (blocked!.Category, blocked.NotSent));
        Assert.Equal(time.GetUtcNow() + Window, blocked.RetryAt);
        var again = admission.AdmitAsync(TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.True(again.IsCompleted, "an exhausted budget answers at once until the window frees a permit");
        Assert.True((await again).Blocked!.NotSent);
    }

    [Fact]
    public async Task Maintenance_closes_the_gate_for_every_request_until_its_retry_after()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T12:00:00Z"));
        using var admission = new RequestAdmission(new RateLimitSettings(100, Window), time);
        var (ticket, _) = await admission.AdmitAsync(TimeSpan.Zero, CancellationToken.None);
        var end = time.GetUtcNow().AddMinutes(5);
        ticket!.Complete(null, new OutreachFailure(FailureCategory.ScheduledMaintenance, 503, "scheduledServerMaintenance", "maintenance", end));

        var held = await admission.AdmitAsync(TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal((FailureCategory.ScheduledMaintenance, end), (held.Blocked!.Category, held.Blocked.RetryAt));
        var waiting = admission.AdmitAsync(TimeSpan.FromMinutes(10), CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(5));
        Complete(await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    private static void Complete((RequestAdmission.Ticket? Ticket, OutreachFailure? Blocked) admitted)
    {
        Assert.Null(admitted.Blocked);
        admitted.Ticket!.Complete(null, null);
    }
}
