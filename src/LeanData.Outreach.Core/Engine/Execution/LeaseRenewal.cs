using System.Collections.Concurrent;
using LeanData.Outreach.Store;

namespace LeanData.Outreach.Engine.Execution;

/// <summary>
/// Keeps the leases of the actions a batch has in hand: renews them every third of the lease length for as long as it
/// lives. It runs beside the calls, so every in-call wait (admission, a Retry-After, Polly's retries, a slow Outreach)
/// is covered, and another worker never takes over an action whose holder is still at work. An action found taken over
/// (its holder stalled past the whole lease) is <see cref="IsLost">lost</see>: it is not sent, and its row is left to the new holder.
/// </summary>
internal sealed class LeaseRenewal : IDisposable
{
    private readonly ActionLeaseRepository _leases;
    private readonly string _owner;
    private readonly TimeSpan _duration;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<long, bool> _held;
    private readonly ITimer _timer;
    private int _renewing;

    public LeaseRenewal(ActionLeaseRepository leases, string owner, TimeSpan duration, IEnumerable<long> ids, TimeProvider time)
    {
        _leases = leases;
        _owner = owner;
        _duration = duration;
        _time = time;
        _held = new ConcurrentDictionary<long, bool>(ids.Select(id => KeyValuePair.Create(id, true)));
        var period = duration / 3;
        _timer = time.CreateTimer(static state => ((LeaseRenewal)state!).Renew(), this, period, period);
    }

    /// <summary>True once the store showed that another owner has this action's lease.</summary>
    public bool IsLost(long id) => _held.TryGetValue(id, out var held) && !held;

    private void Renew()
    {
        // A renewal still running when the next tick comes (a busy store) is not doubled.
        if (Interlocked.Exchange(ref _renewing, 1) == 1) return;
        try
        {
            var ids = _held.Where(h => h.Value).Select(h => h.Key).ToList();
            foreach (var id in _leases.Renew(_owner, ids, _time.GetUtcNow() + _duration)) _held[id] = false;
        }
        catch (Exception ex) when (StoreFailures.IsStoreFailure(ex))
        {
            // The next tick tries again: the lease lasts three renewal periods.
        }
        finally
        {
            Volatile.Write(ref _renewing, 0);
        }
    }

    public void Dispose() => _timer.Dispose();
}
