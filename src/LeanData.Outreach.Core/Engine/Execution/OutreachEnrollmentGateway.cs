using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outreach.Model;

namespace LeanData.Outreach.Engine.Execution;

/// <summary>The executor's calls over the real <see cref="OutreachClient"/>.</summary>
public sealed class OutreachEnrollmentGateway(OutreachClient client) : IEnrollmentGateway
{
    public Task<EnrollmentResult> EnrollAsync(long prospectId, long sequenceId, long mailboxId, CancellationToken cancellationToken) =>
        client.CreateSequenceStateAsync(prospectId, sequenceId, mailboxId, cancellationToken);

    public Task<OutreachResult<IReadOnlyList<OutreachSequenceState>>> FindSequenceStatesAsync(long prospectId, long sequenceId, CancellationToken cancellationToken) =>
        client.FindSequenceStatesAsync(prospectId, sequenceId, cancellationToken);
}
