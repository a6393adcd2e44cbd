using System.Collections.Concurrent;
using LeanData.Outreach.Configuration;

namespace LeanData.Outreach.Outreach.Transport;

/// <summary>
/// One <see cref="RequestAdmission"/> per (Outreach API base, authorized Outreach user) per process, so every
/// session of that user — catalog reads, Invoke-LDAddToSequence, the retry worker, sequence-state actions —
/// shares one client budget and one view of the server's rate state. Changing the settings starts a new one.
/// A session on another clock than the system's (a test's fake clock) gets its own, on that clock.
/// </summary>
public static class AdmissionRegistry
{
    private static readonly ConcurrentDictionary<(string ApiBase, long UserId, TimeProvider Time), RequestAdmission> Admissions = new();

    public static RequestAdmission For(Uri apiBaseUri, long outreachUserId, RateLimitSettings settings, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var key = (apiBaseUri.AbsoluteUri.TrimEnd('/').ToLowerInvariant(), outreachUserId, time);
        while (true)
        {
            var admission = Admissions.GetOrAdd(key, _ => new RequestAdmission(settings, time));
            if (admission.Settings == settings) return admission;
            // The old one may still be in use by a running command; it is left to the collector, not disposed.
            Admissions.TryUpdate(key, new RequestAdmission(settings, time), admission);
        }
    }

    /// <summary>
    /// Forgets every admission, so the next command starts afresh. None is disposed: a command (or a test) still
    /// running keeps using the one it holds.
    /// </summary>
    public static void Reset() => Admissions.Clear();
}
