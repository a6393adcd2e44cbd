using Microsoft.Extensions.Time.Testing;

namespace LeanData.Outreach.Tests;

/// <summary>
/// A <see cref="FakeTimeProvider"/> whose timers fire <paramref name="early"/> before their due time, as the system's
/// do: .NET's timers run on a coarse tick count (a few milliseconds on Linux, 15.6 ms on Windows), so measured on
/// the wall clock a timer may fire slightly before its due time.
/// </summary>
internal sealed class EarlyTimerClock(DateTimeOffset start, TimeSpan early) : FakeTimeProvider(start)
{
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new EarlyTimer(base.CreateTimer(callback, state, Early(dueTime), period), early);

    private TimeSpan Early(TimeSpan dueTime) =>
        dueTime == Timeout.InfiniteTimeSpan || dueTime <= early ? dueTime : dueTime - early;

    private sealed class EarlyTimer(ITimer inner, TimeSpan early) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) =>
            inner.Change(dueTime == Timeout.InfiniteTimeSpan || dueTime <= early ? dueTime : dueTime - early, period);

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
