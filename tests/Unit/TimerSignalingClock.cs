using Microsoft.Extensions.Time.Testing;

namespace LeanData.Outreach.Tests;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that signals each timer it creates, so a test advances the clock once the code
/// under test is waiting on it (a Task.Delay on this clock), never before.
/// </summary>
internal sealed class TimerSignalingClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly SemaphoreSlim _created = new(0);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _created.Release();
        return timer;
    }

    /// <summary>Waits until the code under test has created one more timer (fails the test after <paramref name="timeout"/>).</summary>
    public async Task TimerCreatedAsync(TimeSpan timeout)
    {
        if (!await _created.WaitAsync(timeout)) throw new TimeoutException($"No timer was created on the fake clock within {timeout}.");
    }
}
