using LeanData.Outreach.Outreach;

namespace LeanData.Outreach.Engine.Execution;

/// <summary>
/// Stands in when there is no Outreach authorization. The planner then gives every record the
/// ConfigurationError edge, so nothing reaches this gateway; if something did, it fails loudly.
/// </summary>
public sealed class DisconnectedGateway : IEnrollmentGateway
{
    public Task<EnrollmentResult> EnrollAsync(long prospectId, long sequenceId, long mailboxId, DateTimeOffset? earlierAttemptAt, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("Outreach is not connected.");
}
