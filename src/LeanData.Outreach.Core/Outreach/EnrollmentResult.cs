namespace LeanData.Outreach.Outreach;

/// <summary>
/// The outcome of <c>POST /sequenceStates</c> for one prospect: the created (or recovered) sequenceState id,
/// or a classified failure. <see cref="RecoveredExisting"/> is true when a POST's outcome was unknown and the
/// existing sequenceState for the pair was found instead of sending again (never enrolled twice).
/// </summary>
public sealed record EnrollmentResult(
    long? SequenceStateId,
    string? State,
    OutreachFailure? Failure,
    int StatusCode,
    int HttpAttempts,
    bool RecoveredExisting,
    RateLimitObservation? RateLimit,
    long DurationMs)
{
    public bool Succeeded => Failure is null && SequenceStateId is not null;
}
