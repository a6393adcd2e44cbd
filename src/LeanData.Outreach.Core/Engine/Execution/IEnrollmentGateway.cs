using LeanData.Outreach.Outreach;

namespace LeanData.Outreach.Engine.Execution;

/// <summary>The Outreach call the executor makes. <see cref="OutreachEnrollmentGateway"/> is the real one.</summary>
public interface IEnrollmentGateway
{
    /// <summary>
    /// POST /sequenceStates, never enrolling twice: with <paramref name="earlierAttemptAt"/> (an earlier attempt's
    /// outcome is unknown) the prospect's sequenceStates are looked up first and one found is the result.
    /// </summary>
    Task<EnrollmentResult> EnrollAsync(long prospectId, long sequenceId, long mailboxId, DateTimeOffset? earlierAttemptAt, CancellationToken cancellationToken);
}
