using LeanData.Outreach.Configuration;

namespace LeanData.Outreach.Engine.Execution;

/// <summary>The executor's bulk path (Engine/Bulk's BulkEnroller): it settles what it can of the actions offered and hands the rest back.</summary>
public interface IBulkSender
{
    /// <summary>Fewer actions than this are not offered.</summary>
    int Threshold { get; }

    /// <summary>One verdict per member, in order (null: untouched, for the per-record path). Never throws for Outreach's answers.</summary>
    /// <param name="renewLeases">Keeps the members' leases alive while a batch is polled (called with the action ids).</param>
    /// <param name="authorization">The executor's: told of every request that got through, and asked whether a refusal means it became invalid mid-run.</param>
    /// <param name="keepPendingWhenUnauthorized">The retry worker's case: a refusal always leaves the members Pending (see <see cref="RunAuthorization.BecameInvalid"/>).</param>
    Task<BulkVerdict?[]> EnrollAsync(IReadOnlyList<BulkMember> members, RetryPolicy policy, Action<IReadOnlyCollection<long>> renewLeases,
        RunAuthorization authorization, bool keepPendingWhenUnauthorized, CancellationToken cancellationToken);
}
