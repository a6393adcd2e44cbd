using System.Collections.Concurrent;
using LeanData.Outreach.Engine.Execution;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outreach.Model;

namespace LeanData.Outreach.Tests.Retry;

/// <summary>An enrollment gateway whose answers a test scripts; counts every enrollment per prospect and sequence.</summary>
internal sealed class ScriptedGateway(Func<long, int, EnrollmentResult>? answer = null, TimeSpan? delay = null) : IEnrollmentGateway
{
    private long _nextState = 1000;
    public ConcurrentDictionary<(long Prospect, long Sequence), int> Enrolled { get; } = new();
    public ConcurrentDictionary<(long Prospect, long Sequence), OutreachSequenceState> States { get; } = new();
    public int Calls => _calls;
    public int Lookups => _lookups;
    private int _calls, _lookups;

    public async Task<EnrollmentResult> EnrollAsync(long prospectId, long sequenceId, long mailboxId, DateTimeOffset? earlierAttemptAt, CancellationToken cancellationToken)
    {
        if (earlierAttemptAt is not null)
        {
            // As the client does: look before sending again when an earlier outcome is unknown.
            Interlocked.Increment(ref _lookups);
            if (States.TryGetValue((prospectId, sequenceId), out var existing))
                return new EnrollmentResult(existing.Id, existing.State, null, 200, 0, true, null, 0);
        }
        var call = Interlocked.Increment(ref _calls);
        if (delay is { } d) await Task.Delay(d, cancellationToken);
        var result = answer?.Invoke(prospectId, call) ?? Ok();
        if (result.Succeeded)
        {
            Enrolled.AddOrUpdate((prospectId, sequenceId), 1, (_, n) => n + 1);
            States[(prospectId, sequenceId)] = new OutreachSequenceState(result.SequenceStateId!.Value, "active", prospectId, sequenceId, mailboxId, 1, DateTimeOffset.UtcNow);
        }
        return result;
    }

    public EnrollmentResult Ok() => new(Interlocked.Increment(ref _nextState), "active", null, 201, 1, false, null, 5);

    public static EnrollmentResult Failed(Errors.FailureCategory category, int status, DateTimeOffset? retryAt = null) =>
        new(null, null, new OutreachFailure(category, status, null, $"scripted {category}", retryAt), status, 1, false,
            retryAt is null ? null : new RateLimitObservation(status, DateTimeOffset.UtcNow, 100, 0, retryAt, null), 5);
}
