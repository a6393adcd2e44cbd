using System.ComponentModel;
using System.Diagnostics;

namespace LeanData.Outreach.Store;

/// <summary>
/// Who holds the store's token-refresh lock: a random owner id (one per acquisition), the host, process id and
/// process start time, and when the lock lapses if its holder never gives it back.
/// </summary>
public sealed record TokenRefreshLockHolder(string Owner, string Host, int ProcessId, DateTimeOffset ProcessStartedAt, DateTimeOffset AcquiredAt, DateTimeOffset ExpiresAt)
{
    private static readonly Lazy<DateTimeOffset> ThisProcessStartedAt = new(() =>
    {
        using var self = Process.GetCurrentProcess();
        return StartTimeOf(self);
    });

    /// <summary>A new holder for this process, lapsing <paramref name="holdFor"/> after <paramref name="now"/>.</summary>
    public static TokenRefreshLockHolder ForThisProcess(DateTimeOffset now, TimeSpan holdFor) =>
        new(Guid.NewGuid().ToString("n"), Environment.MachineName, Environment.ProcessId, ThisProcessStartedAt.Value, now, now + holdFor);

    /// <summary>
    /// True when the holder is certainly dead: it ran on this host and its process is gone, or its process id now
    /// belongs to a process started at another time. A holder on another host is never presumed dead (its lock lapses).
    /// </summary>
    public bool ProcessIsGone()
    {
        if (!string.Equals(Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase)) return false;
        if (ProcessId == Environment.ProcessId) return !SameStart(ThisProcessStartedAt.Value);
        try
        {
            using var process = Process.GetProcessById(ProcessId);
            return process.HasExited || !SameStart(StartTimeOf(process));
        }
        catch (ArgumentException)
        {
            return true; // no process with that id
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            return false; // cannot tell (another user's process, a platform without the information): let the lock lapse
        }
    }

    // Start times read from the OS are exact to the clock tick; a second of tolerance absorbs rounding only.
    private bool SameStart(DateTimeOffset startedAt) => (startedAt - ProcessStartedAt).Duration() < TimeSpan.FromSeconds(1);

    private static DateTimeOffset StartTimeOf(Process process) => new(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
}
