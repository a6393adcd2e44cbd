using LeanData.Outreach.Outreach;
using LeanData.Outreach.Connection;

namespace LeanData.Outreach.Engine.Execution;

/// <summary>
/// An <see cref="IOutreachObserver"/> that hands each callout to the action being executed on the same
/// async flow (so concurrent actions keep their own callouts), and passes everything on to an optional
/// inner observer. Give it to the OutreachSession (OutreachSessionOptions.Observer) and to the executor.
/// </summary>
public sealed class CalloutCollector(IOutreachObserver? inner = null) : IOutreachObserver
{
    private readonly AsyncLocal<List<CalloutRecord>?> _current = new();
    private readonly object _gate = new();
    private readonly List<RateLimitObservation> _rateLimits = [];
    /// <summary>Collects the callouts made on this async flow until the scope is disposed.</summary>
    public Scope Begin()
    {
        var list = new List<CalloutRecord>();
        _current.Value = list;
        return new Scope(this, list);
    }

    public void OnCallout(CalloutRecord callout)
    {
        var list = _current.Value;
        if (list is not null) lock (list) list.Add(callout);
        inner?.OnCallout(callout);
    }

    public void OnRateLimit(RateLimitObservation observation)
    {
        lock (_gate)
        {
            _rateLimits.Add(observation);
            if (_rateLimits.Count > 1000) _rateLimits.RemoveRange(0, 500);
        }
        inner?.OnRateLimit(observation);
    }

    /// <summary>Rate-limit observations since the last call (for the store's rate_limit_status).</summary>
    public IReadOnlyList<RateLimitObservation> DrainRateLimits()
    {
        lock (_gate)
        {
            var copy = _rateLimits.ToList();
            _rateLimits.Clear();
            return copy;
        }
    }

    public readonly struct Scope(CalloutCollector owner, List<CalloutRecord> list) : IDisposable
    {
        public IReadOnlyList<CalloutRecord> Callouts
        {
            get { lock (list) return list.ToList(); }
        }

        public void Dispose() => owner._current.Value = null;
    }
}
