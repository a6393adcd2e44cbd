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

        time.Advance(Window - TimeSpan.FromMilliseconds(1));
        Assert.True((await admission.AdmitAsync(TimeSpan.Zero, CancellationToken.None)).Blocked?.NotSent,
            "a permit came back before a full window had passed since its response");
        time.Advance(TimeSpan.FromMilliseconds(1));
        Complete(await admission.AdmitAsync(TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task A_permit_does_not_return_before_the_window_has_passed_on_the_clock_when_its_timer_fires_early()
    {
        // The sandbox once saw 11 requests in 10 s under a 10-per-10 s budget: the release timer fired a millisecond
        // early on the wall clock, and the next request arrived 9.999 s after the one whose permit it took.
        var time = new EarlyTimerClock(DateTimeOffset.Parse("2026-12-01T12:00:00Z"), TimeSpan.FromMilliseconds(4));
        using var admission = new RequestAdmission(new RateLimitSettings(1, Window), time);
        Complete(await admission.AdmitAsync(TimeSpan.Zero, CancellationToken.None));

        time.Advance(Window - TimeSpan.FromMilliseconds(1));
        Assert.True((await admission.AdmitAsync(TimeSpan.Zero, CancellationToken.None)).Blocked?.NotSent,
            "a permit came back before a full window had passed on the clock");
        time.Advance(TimeSpan.FromMilliseconds(1));
        Complete(await admission.AdmitAsync(TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task A_caller_waits_for_a_permit_at_most_its_allowed_wait_on_the_admission_clock()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T12:00:00Z"));
        using var admission = new RequestAdmission(new RateLimitSettings(1, TimeSpan.FromHours(1)), time);
        Complete(await admission.AdmitAsync(TimeSpan.Zero, CancellationToken.None));

        var waiting = admission.AdmitAsync(TimeSpan.FromMinutes(1), CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));
        // A minute on the admission's clock, not on the wall clock: the guard below is never reached when that holds.
        var (ticket, blocked) = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Null(ticket);
        Assert.Equal((FailureCategory.RateLimitExceeded, true), (blocked!.Category, blocked.NotSent));
    }

    [Fact]
    public async Task A_caller_queued_for_the_client_budget_says_why_and_until_when_and_a_full_budget_says_nothing()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T12:00:00Z"));
        using var admission = new RequestAdmission(new RateLimitSettings(2, Window), time);
        var waits = new List<SendWait>();
        admission.Waiting += waits.Add;
        Complete(await admission.AdmitAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.Empty(waits);
        time.Advance(TimeSpan.FromSeconds(2));
        Complete(await admission.AdmitAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.Empty(waits);

        time.Advance(TimeSpan.FromSeconds(1));
        var waiting = admission.AdmitAsync(TimeSpan.FromMinutes(1), CancellationToken.None);
        var wait = Assert.Single(waits);
        Assert.Equal(DateTimeOffset.Parse("2026-12-01T12:00:10Z"), wait.Until);
        Assert.Equal(TimeSpan.FromSeconds(7), wait.Duration);
        Assert.Contains("client request budget (2 per 00:00:10", wait.Reason, StringComparison.Ordinal);
        time.Advance(TimeSpan.FromSeconds(7));
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
    public async Task A_later_command_probes_a_maintenance_window_once_and_an_answer_from_Outreach_opens_the_gate()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T12:00:00Z"));
        using var admission = new RequestAdmission(new RateLimitSettings(100, Window), time);
        var runStarted = time.GetUtcNow();
        var (ticket, _) = await admission.AdmitAsync(TimeSpan.Zero, CancellationToken.None, runStarted);
        ticket!.Complete(null, new OutreachFailure(FailureCategory.ScheduledMaintenance, 503, "scheduledServerMaintenance", "maintenance", time.GetUtcNow().AddMinutes(10)));

        // The run that learned the window does not probe it.
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(FailureCategory.ScheduledMaintenance, (await admission.AdmitAsync(TimeSpan.Zero, CancellationToken.None, runStarted)).Blocked!.Category);

        // A command started after it sends one probe; a second caller waits for the probe's answer.
        var nextCommand = time.GetUtcNow();
        var (probe, _) = await admission.AdmitAsync(TimeSpan.Zero, CancellationToken.None, nextCommand);
        Assert.True(probe!.IsProbe);
        var second = admission.AdmitAsync(TimeSpan.Zero, CancellationToken.None, nextCommand);
        Assert.False(second.IsCompleted, "a second caller was answered before the probe was");

        // Outreach answers: the window is over for everyone.
        probe.Complete(new RateLimitObservation(200, time.GetUtcNow(), null, null, null, null), null);
        var (open, blocked) = await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Null(blocked);
        Assert.False(open!.IsProbe);
        Complete((open, null));
    }

    [Fact]
    public async Task A_probe_answered_with_maintenance_renews_the_window_and_that_command_does_not_probe_again()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T12:00:00Z"));
        using var admission = new RequestAdmission(new RateLimitSettings(100, Window), time);
        var (ticket, _) = await admission.AdmitAsync(TimeSpan.Zero, CancellationToken.None);
        ticket!.Complete(null, new OutreachFailure(FailureCategory.ScheduledMaintenance, 503, "scheduledServerMaintenance", "maintenance", time.GetUtcNow().AddMinutes(1)));
        time.Advance(TimeSpan.FromSeconds(1));

        var command = time.GetUtcNow();
        var (probe, _) = await admission.AdmitAsync(TimeSpan.Zero, CancellationToken.None, command);
        var renewed = time.GetUtcNow().AddMinutes(30);
        var waiter = admission.AdmitAsync(TimeSpan.Zero, CancellationToken.None, command);
        Assert.False(waiter.IsCompleted);
        probe!.Complete(null, new OutreachFailure(FailureCategory.ScheduledMaintenance, 503, "scheduledServerMaintenance", "maintenance", renewed));

        // The waiter and the probing command itself are held until the renewed end.
        Assert.Equal((FailureCategory.ScheduledMaintenance, renewed), ((await waiter.WaitAsync(TimeSpan.FromSeconds(5))).Blocked!.Category, (await waiter).Blocked!.RetryAt));
        var held = await admission.AdmitAsync(TimeSpan.Zero, CancellationToken.None, command);
        Assert.Equal((FailureCategory.ScheduledMaintenance, renewed), (held.Blocked!.Category, held.Blocked.RetryAt));
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
