using LeanData.Outreach.Configuration;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outcomes;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Store;

namespace LeanData.Outreach.Engine.Execution;

/// <summary>
/// The one set of rules that turns an enrollment's answer into the action's new state, for the per-record and the bulk
/// path alike: success; rate limit → Pending until the reset (never an Error); maintenance and other retryable failures →
/// Pending until their time, or Error "Retry attempt exceeded" once out of attempts; the rest → Error with the catalog's reason.
/// </summary>
internal static class ActionFinals
{
    public static ActionRow Succeeded(ActionRow action, int attempts, long? sequenceStateId, int? status, long duration, SendPath via, string? message = null) => action with
    {
        Outcome = ActionOutcome.Success, Category = FailureCategory.None, SequenceStateId = sequenceStateId, Attempts = attempts,
        NextAttemptAt = null, LastStatusCode = status, Message = message, FailureReason = null, TotalDurationMs = action.TotalDurationMs + duration, Via = via,
    };

    /// <summary>The new state after a failed attempt (the in-line maintenance wait is the caller's, before this).</summary>
    public static ActionRow AfterFailure(ActionRow action, int attempts, OutreachFailure failure, DateTimeOffset? rateLimitReset, DateTimeOffset now,
        RetryPolicy policy, long duration, SendPath via)
    {
        switch (failure.Category)
        {
            case FailureCategory.RateLimitExceeded:
                return Pending(action, attempts, failure.RetryAt ?? rateLimitReset ?? now + policy.IntervalSpan, failure.Category, failure.Message, duration, failure.StatusCode, via);
            case FailureCategory.ScheduledMaintenance:
                return Retryable(action, attempts, failure, failure.RetryAt ?? now + policy.IntervalSpan, duration, policy, via);
            default:
                return failure.IsRetryable
                    ? Retryable(action, attempts, failure, now + policy.IntervalSpan, duration, policy, via)
                    : action with
                    {
                        Outcome = ActionOutcome.Error, Category = failure.Category, Message = failure.Message ?? failure.Descriptor.Title,
                        FailureReason = failure.Descriptor.FailureReason, Attempts = attempts, NextAttemptAt = null,
                        LastStatusCode = failure.StatusCode, TotalDurationMs = action.TotalDurationMs + duration, Via = via,
                    };
        }
    }

    public static ActionRow Retryable(ActionRow action, int attempts, OutreachFailure failure, DateTimeOffset next, long duration, RetryPolicy policy, SendPath via)
    {
        if (RetryAccounting.IsExhausted(attempts, policy))
            return Exhausted(action with { TotalDurationMs = action.TotalDurationMs + duration, LastStatusCode = failure.StatusCode, Via = via }, attempts, failure.Message);
        return Pending(action, attempts, next, failure.Category, failure.Message, duration, failure.StatusCode, via);
    }

    public static ActionRow Exhausted(ActionRow action, int attempts, string? lastMessage) => action with
    {
        Outcome = ActionOutcome.Error,
        Category = FailureCategory.RetryAttemptsExceeded,
        FailureReason = ErrorCatalog.FailureReasonRetryAttemptExceeded,
        Message = $"Retry attempt exceeded after {attempts} attempts." + (lastMessage is null ? "" : " Last failure: " + lastMessage),
        Attempts = attempts,
        NextAttemptAt = null,
    };

    /// <summary>
    /// The authorization is not valid any more (the partner log's "Token is not valid" / "Partner not authorized"): kept Pending,
    /// due at <paramref name="due"/>, nothing wrong with the record; the retry worker sends it after Connect-LDOutreach. <paramref name="attempts"/>
    /// are those already spent (none for the refused request). <paramref name="outcomeUnknown"/>: an earlier request of this attempt
    /// was accepted (a bulk POST whose poll or lookup was refused), so the status is cleared and the retry looks before it sends.
    /// </summary>
    public static ActionRow Unauthorized(ActionRow action, int attempts, OutreachFailure refused, DateTimeOffset due, long duration, bool sent,
        bool outcomeUnknown = false, SendPath? via = null) =>
        Pending(action, attempts, due, AuthorizationCategory(refused),
            (sent ? "Refused" : "Not sent") + $": the Outreach authorization is not valid ({refused.Message}). " +
            (outcomeUnknown
                ? "Its bulk action was accepted before, so the outcome is unknown: kept Pending, and the retry looks the sequenceState up before sending again; "
                : "Kept Pending without spending an attempt; ") +
            "run Connect-LDOutreach, then Start-LDRetryWorker sends it.", duration, outcomeUnknown || refused.StatusCode == 0 ? null : refused.StatusCode, via, outcomeUnknown);

    /// <summary>The category an invalid authorization leaves on the actions it held back: PartnerNotAuthorized, or else TokenInvalid.</summary>
    public static FailureCategory AuthorizationCategory(OutreachFailure refused) =>
        refused.Category == FailureCategory.PartnerNotAuthorized ? FailureCategory.PartnerNotAuthorized : FailureCategory.TokenInvalid;

    /// <param name="lastStatus">The last answer's status; null keeps the stored one unless <paramref name="outcomeUnknown"/> (then it is cleared, so the retry looks first).</param>
    public static ActionRow Pending(ActionRow action, int attempts, DateTimeOffset next, FailureCategory category, string? message, long duration,
        int? lastStatus, SendPath? via, bool outcomeUnknown = false) => action with
    {
        Outcome = ActionOutcome.Pending,
        Category = category,
        Message = message,
        FailureReason = category == FailureCategory.None ? null : ErrorCatalog.Get(category).FailureReason,
        Attempts = attempts,
        NextAttemptAt = next,
        LastStatusCode = lastStatus ?? (outcomeUnknown ? null : action.LastStatusCode),
        TotalDurationMs = action.TotalDurationMs + duration,
        Via = via ?? action.Via,
    };
}
