namespace LeanData.Outreach.Outreach.Transport;

/// <summary>
/// What Outreach's X-RateLimit headers said last, with requests sent since counted against it, so that
/// concurrent sends stop when the server's remaining budget is used up instead of running into 429s.
/// The server's headers always win over the client budget.
/// </summary>
public sealed class ServerRateState
{
    /// <summary>X-RateLimit-Reset has whole-second precision: the window may end up to a second after it.</summary>
    public static readonly TimeSpan ResetPrecision = TimeSpan.FromSeconds(1);

    private readonly object _gate = new();
    private int? _remaining;
    private DateTimeOffset? _resetAt;
    private DateTimeOffset? _observedAt;

    public int? Remaining { get { lock (_gate) return _remaining; } }
    public DateTimeOffset? ResetAt { get { lock (_gate) return _resetAt; } }

    /// <summary>
    /// Takes one request from the server's remaining budget. Returns null when it may be sent now, or the
    /// time the server's window resets when nothing is left.
    /// </summary>
    public DateTimeOffset? TryReserve(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_resetAt is { } reset && reset + ResetPrecision <= now)
            {
                _remaining = null;
                _resetAt = null;
            }
            if (_remaining is { } remaining && _resetAt is { } resetAt)
            {
                if (remaining <= 0) return resetAt + ResetPrecision;
                _remaining = remaining - 1;
            }
            return null;
        }
    }

    /// <summary>Gives a reservation back (the request was never sent).</summary>
    public void Release()
    {
        lock (_gate)
        {
            if (_remaining is { } remaining) _remaining = remaining + 1;
        }
    }

    /// <summary>
    /// Applies a response's rate-limit facts, each answer with its own time: a 429 blocks until its Retry-After
    /// (else its reset) — replacing whatever an earlier answer said, shorter or longer; otherwise a later window
    /// replaces the state and the same window keeps the lower count. An answer older than the one applied last
    /// changes nothing (responses of concurrent requests arrive out of order).
    /// </summary>
    public void Observe(RateLimitObservation observation, int inFlight)
    {
        lock (_gate)
        {
            if (_observedAt is { } last && observation.ObservedAt < last) return;
            if (observation.StatusCode == 429 && observation.QuotaResetAt is { } retryAt)
            {
                _observedAt = observation.ObservedAt;
                _remaining = 0;
                _resetAt = retryAt;
                return;
            }
            if (observation.Remaining is not { } remaining || observation.ResetAt is not { } reset) return;
            _observedAt = observation.ObservedAt;
            if (_resetAt is null || reset > _resetAt.Value.AddSeconds(1) || (_remaining == 0 && remaining > 0))
            {
                _resetAt = reset;
                _remaining = Math.Max(0, remaining - Math.Max(0, inFlight));
            }
            else
            {
                _remaining = Math.Min(_remaining ?? int.MaxValue, remaining);
            }
        }
    }

    /// <summary>Seeds the state from a stored observation (another process may have used the budget).</summary>
    public void Seed(int? remaining, DateTimeOffset? resetAt, DateTimeOffset now)
    {
        if (remaining is null || resetAt is not { } reset || reset <= now) return;
        lock (_gate)
        {
            if (_resetAt is null)
            {
                _remaining = remaining;
                _resetAt = reset;
            }
        }
    }
}
