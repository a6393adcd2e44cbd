using System.Collections.Concurrent;

namespace LeanData.Outreach.Sandbox.Hosting;

/// <summary>
/// What the sandbox saw: requests by route and status, POST /sequenceStates attempts, Bulk API posts, polls and
/// items, and how many sequenceStates were created per (prospect, sequence) — so a test can prove nothing was
/// enrolled twice.
/// Status 0 counts a connection the sandbox dropped on purpose.
/// </summary>
public sealed class SandboxCounters
{
    private readonly ConcurrentDictionary<(string Route, int Status), StrongBox> _requests = new();
    private readonly ConcurrentDictionary<(long ProspectId, long SequenceId), StrongBox> _enrollments = new();
    private readonly ConcurrentDictionary<string, StrongBox> _arrivals = new();
    private readonly ConcurrentQueue<RequestTime> _times = new();
    private const int MaxTimes = 100_000;
    private long _sequenceStatePosts;
    private long _sequenceStatesCreated;
    private long _duplicates;
    private long _batchPosts;
    private long _batchPolls;
    private long _batchActions;
    private long _batchItemsAccepted;
    private long _batchItemsProcessed;
    private readonly object _postArrived = new();

    private sealed class StrongBox { public long Value; }

    public long SequenceStatePosts => Interlocked.Read(ref _sequenceStatePosts);
    public long SequenceStatesCreated => Interlocked.Read(ref _sequenceStatesCreated);

    /// <summary>POST /batches/actions/prospectsAddToSequence requests that reached the handler (past 401, 429, 503, faults and 415).</summary>
    public long BatchPosts => Interlocked.Read(ref _batchPosts);
    /// <summary>GET /batches, /batches/{id}, /batchItems and /batchItems/{id} requests that reached the handler.</summary>
    public long BatchPolls => Interlocked.Read(ref _batchPolls);
    /// <summary>POST /batches/{id}/actions/confirm and /cancel requests that reached the handler.</summary>
    public long BatchActions => Interlocked.Read(ref _batchActions);
    /// <summary>Items of batches created (what the daily cap counts).</summary>
    public long BatchItemsAccepted => Interlocked.Read(ref _batchItemsAccepted);
    /// <summary>Batch items enrolled or failed by the processor.</summary>
    public long BatchItemsProcessed => Interlocked.Read(ref _batchItemsProcessed);

    /// <summary>Creations for a (prospect, sequence) pair that already had a sequenceState created through the API.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <param name="arrivedAt">When the request arrived (before any injected delay): what a server's rate window counts.</param>
    public void CountRequest(string route, int status, DateTimeOffset arrivedAt)
    {
        Interlocked.Increment(ref _requests.GetOrAdd((route, status), static _ => new StrongBox()).Value);
        _times.Enqueue(new RequestTime(arrivedAt, route, status));
        while (_times.Count > MaxTimes) _times.TryDequeue(out _);
    }

    /// <summary>Every counted request with its arrival time, oldest first (the latest 100,000).</summary>
    public IReadOnlyList<RequestTime> RequestTimes() => _times.OrderBy(t => t.At).ToList();

    public void CountSequenceStatePost() => Arrived(ref _sequenceStatePosts);

    /// <summary>A request reached the sandbox (before any fault, limit or answer); see <see cref="WaitForArrivals"/>.</summary>
    public void CountArrival(string route) => Arrived(ref _arrivals.GetOrAdd(route, _ => new StrongBox()).Value);

    public void CountBatchPost() => Arrived(ref _batchPosts);

    public void CountBatchPoll() => Arrived(ref _batchPolls);

    public void CountBatchAction() => Arrived(ref _batchActions);

    public void CountBatchItemsAccepted(long items) => Interlocked.Add(ref _batchItemsAccepted, items);

    public void CountBatchItemsProcessed(long items) => Interlocked.Add(ref _batchItemsProcessed, items);

    private void Arrived(ref long counter)
    {
        Interlocked.Increment(ref counter);
        lock (_postArrived) Monitor.PulseAll(_postArrived);
    }

    /// <summary>Blocks until at least <paramref name="count"/> POST /sequenceStates have arrived, so a test waits on the event, not on a clock.</summary>
    public bool WaitForSequenceStatePosts(long count, TimeSpan timeout) => WaitFor(() => SequenceStatePosts, count, timeout);

    /// <summary>
    /// Blocks until at least <paramref name="count"/> requests for <paramref name="route"/> (e.g. "POST /sequenceStates") have
    /// reached the sandbox, answered or not: a test that stops a client mid-request waits on this, not on a clock.
    /// </summary>
    public bool WaitForArrivals(string route, long count, TimeSpan timeout) =>
        WaitFor(() => _arrivals.TryGetValue(route, out var box) ? Interlocked.Read(ref box.Value) : 0, count, timeout);

    /// <summary>Blocks until at least <paramref name="count"/> bulk POSTs have arrived.</summary>
    public bool WaitForBatchPosts(long count, TimeSpan timeout) => WaitFor(() => BatchPosts, count, timeout);

    /// <summary>Blocks until at least <paramref name="count"/> batch polls have arrived (e.g. to press Ctrl+C while a client polls).</summary>
    public bool WaitForBatchPolls(long count, TimeSpan timeout) => WaitFor(() => BatchPolls, count, timeout);

    private bool WaitFor(Func<long> counter, long count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (_postArrived)
        {
            while (counter() < count)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !Monitor.Wait(_postArrived, left)) return counter() >= count;
            }
            return true;
        }
    }

    public void CountCreated(long prospectId, long sequenceId)
    {
        Interlocked.Increment(ref _sequenceStatesCreated);
        var n = Interlocked.Increment(ref _enrollments.GetOrAdd((prospectId, sequenceId), static _ => new StrongBox()).Value);
        if (n > 1) Interlocked.Increment(ref _duplicates);
    }

    public long Requests(string route, int status) =>
        _requests.TryGetValue((route, status), out var box) ? Interlocked.Read(ref box.Value) : 0;

    public long Requests(string route) =>
        _requests.Where(kv => kv.Key.Route == route).Sum(kv => Interlocked.Read(ref kv.Value.Value));

    public long Enrollments(long prospectId, long sequenceId) =>
        _enrollments.TryGetValue((prospectId, sequenceId), out var box) ? Interlocked.Read(ref box.Value) : 0;

    public IReadOnlyList<RequestCount> RequestCounts() =>
        _requests.Select(kv => new RequestCount(kv.Key.Route, kv.Key.Status, Interlocked.Read(ref kv.Value.Value)))
            .OrderBy(r => r.Route, StringComparer.Ordinal).ThenBy(r => r.Status).ToList();

    public IReadOnlyList<EnrollmentCount> EnrollmentCounts() =>
        _enrollments.Select(kv => new EnrollmentCount(kv.Key.ProspectId, kv.Key.SequenceId, Interlocked.Read(ref kv.Value.Value)))
            .OrderBy(e => e.ProspectId).ThenBy(e => e.SequenceId).ToList();

    public void Reset()
    {
        _requests.Clear();
        _enrollments.Clear();
        _arrivals.Clear();
        _times.Clear();
        Interlocked.Exchange(ref _sequenceStatePosts, 0);
        Interlocked.Exchange(ref _sequenceStatesCreated, 0);
        Interlocked.Exchange(ref _duplicates, 0);
        Interlocked.Exchange(ref _batchPosts, 0);
        Interlocked.Exchange(ref _batchPolls, 0);
        Interlocked.Exchange(ref _batchActions, 0);
        Interlocked.Exchange(ref _batchItemsAccepted, 0);
        Interlocked.Exchange(ref _batchItemsProcessed, 0);
    }
}

public sealed record RequestTime(DateTimeOffset At, string Route, int Status);

public sealed record RequestCount(string Route, int Status, long Count);

public sealed record EnrollmentCount(long ProspectId, long SequenceId, long Count);
