using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outreach.Client;

namespace LeanData.Outreach.Engine.Execution;

/// <summary>The executor's call over the real <see cref="OutreachClient"/>.</summary>
public sealed class OutreachEnrollmentGateway(OutreachClient client) : IEnrollmentGateway
{
    public Task<EnrollmentResult> EnrollAsync(long prospectId, long sequenceId, long mailboxId, DateTimeOffset? earlierAttemptAt, CancellationToken cancellationToken) =>
        client.CreateSequenceStateAsync(prospectId, sequenceId, mailboxId, cancellationToken, earlierAttemptAt);
}
