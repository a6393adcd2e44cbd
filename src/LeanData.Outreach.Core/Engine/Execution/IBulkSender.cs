using LeanData.Outreach.Configuration;

namespace LeanData.Outreach.Engine.Execution;

/// <summary>The executor's bulk path (Engine/Bulk's BulkEnroller): it settles what it can of the actions offered and hands the rest back.</summary>
public interface IBulkSender
{
    /// <summary>Fewer actions than this are not offered.</summary>
    int Threshold { get; }

    /// <summary>One verdict per member, in order (null: untouched, for the per-record path). Never throws for Outreach's answers.</summary>
    /// <param name="renewLeases">Keeps the members' leases alive while a batch is polled (called with the action ids).</param>
    /// <param name="keepPendingWhenUnauthorized">
    /// The authorization was valid earlier in this run (or this is the retry worker): a refusal for an invalid authorization now
    /// leaves the members Pending without spending an attempt, instead of the documented result of a run refused from its start.
    /// </param>
    Task<BulkVerdict?[]> EnrollAsync(IReadOnlyList<BulkMember> members, RetryPolicy policy, Action<IReadOnlyCollection<long>> renewLeases,
        bool keepPendingWhenUnauthorized, CancellationToken cancellationToken);
}
