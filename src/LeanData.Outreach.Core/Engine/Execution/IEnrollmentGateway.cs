using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outreach.Model;

namespace LeanData.Outreach.Engine.Execution;

/// <summary>The two Outreach calls the executor makes. <see cref="OutreachEnrollmentGateway"/> is the real one.</summary>
public interface IEnrollmentGateway
{
    /// <summary>POST /sequenceStates (the client retries transient failures inside and never enrolls twice).</summary>
    Task<EnrollmentResult> EnrollAsync(long prospectId, long sequenceId, long mailboxId, CancellationToken cancellationToken);

    /// <summary>GET /sequenceStates for the pair: used before re-sending an action whose earlier outcome is unknown.</summary>
    Task<OutreachResult<IReadOnlyList<OutreachSequenceState>>> FindSequenceStatesAsync(long prospectId, long sequenceId, CancellationToken cancellationToken);
}
