using LeanData.Outreach.Outreach;

namespace LeanData.Outreach.Engine.Execution;

/// <summary>
/// What one executor knows of its Outreach authorization, shared by the per-record path, the bulk path and the batches in
/// flight side by side: whether a request got through with it (a refusal after that means it became invalid mid-run), and
/// the refusal that found it invalid (after which nothing more is sent).
/// </summary>
public sealed class RunAuthorization
{
    private volatile bool _accepted;
    private volatile OutreachFailure? _lost;

    /// <summary>The refusal that found the authorization invalid mid-run; null while none did.</summary>
    public OutreachFailure? Lost => _lost;

    /// <summary>Outreach answered a request with this authorization accepted.</summary>
    public void Accepted() => _accepted = true;

    /// <summary>
    /// Outreach refused the authorization (<see cref="OutreachFailure.InvalidatesAuthorization"/>). True when it became invalid
    /// mid-run: a request got through before, or <paramref name="keepPendingWhenUnauthorized"/> (the retry worker's case); the
    /// refusal is then <see cref="Lost"/>. False for a run refused from its very first request (the documented ConfigurationError).
    /// </summary>
    public bool BecameInvalid(OutreachFailure refused, bool keepPendingWhenUnauthorized)
    {
        if (!_accepted && !keepPendingWhenUnauthorized) return false;
        Interlocked.CompareExchange(ref _lost, refused, null);
        return true;
    }
}
