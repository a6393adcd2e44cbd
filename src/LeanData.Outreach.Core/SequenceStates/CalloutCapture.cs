using System.Collections.Concurrent;
using LeanData.Outreach.Outreach;

namespace LeanData.Outreach.SequenceStates;

/// <summary>
/// An <see cref="IOutreachObserver"/> that hands each callout to the unit of work that caused it: code
/// running inside <see cref="Begin"/> (and everything it awaits) collects its own callouts, even when many
/// units run concurrently on one client. Callouts outside any scope go to <see cref="Next"/> (if any).
/// </summary>
public sealed class CalloutCapture(IOutreachObserver? next = null) : IOutreachObserver
{
    private readonly AsyncLocal<ConcurrentQueue<CalloutRecord>?> current = new();

    /// <summary>Starts collecting for the current async flow; dispose to stop. Read the callouts from <paramref name="callouts"/>.</summary>
    public IDisposable Begin(out ConcurrentQueue<CalloutRecord> callouts)
    {
        var previous = current.Value;
        callouts = new ConcurrentQueue<CalloutRecord>();
        current.Value = callouts;
        return new Scope(this, previous);
    }

    public IOutreachObserver? Next => next;

    public void OnCallout(CalloutRecord callout)
    {
        current.Value?.Enqueue(callout);
        next?.OnCallout(callout);
    }

    public void OnRateLimit(RateLimitObservation observation) => next?.OnRateLimit(observation);

    private sealed class Scope(CalloutCapture owner, ConcurrentQueue<CalloutRecord>? previous) : IDisposable
    {
        public void Dispose() => owner.current.Value = previous;
    }
}
