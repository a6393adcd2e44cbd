using LeanData.Outreach.Configuration;
using LeanData.Outreach.Outcomes;
using LeanData.Outreach.Store;

namespace LeanData.Outreach.Engine.Execution;

/// <summary>
/// The one place that counts attempts. An attempt is one enrollment call that reached the point of sending
/// (whatever quick retries the client made inside it); an action stored Pending without a call (budget
/// exhausted, cancelled before sending) has made no attempt. The first attempt plus
/// <see cref="RetryPolicy.MaxAttempts"/> further attempts are allowed; when the last of them fails with a
/// retry-qualifying failure the action becomes Error with the failure reason "Retry attempt exceeded".
/// </summary>
public static class RetryAccounting
{
    /// <summary>Total attempts an action may make: the first plus the policy's further attempts.</summary>
    public static int AllowedAttempts(RetryPolicy policy) => 1 + policy.MaxAttempts;

    /// <summary>True when an action that has made <paramref name="attemptsMade"/> attempts and just failed retryably is out of retries.</summary>
    public static bool IsExhausted(int attemptsMade, RetryPolicy policy) => attemptsMade >= AllowedAttempts(policy);

    /// <summary>True when a stored action may still be attempted.</summary>
    public static bool MayAttempt(int attemptsMade, RetryPolicy policy) => attemptsMade < AllowedAttempts(policy);

    /// <summary>True when a stored action names its prospect, sequence and sending mailbox, so it can be sent.</summary>
    public static bool IsSendable(ActionRow action) => action.ProspectId is not null && action.SequenceId is not null && action.MailboxId is not null;

    /// <summary>True when the retry worker sends a stored action: Pending, sendable, with an attempt left (others end without a call).</summary>
    public static bool WillRetrySend(ActionRow action, RetryPolicy policy) =>
        action.Outcome == ActionOutcome.Pending && IsSendable(action) && MayAttempt(action.Attempts, policy);

    /// <summary>
    /// True when a stored Pending action may already have enrolled its prospect, so the retry must look for an
    /// existing sequenceState before sending (Outreach has no idempotency keys): its last attempt's outcome is
    /// unknown (no answer, a 5xx, cancelled in flight), or its lease was taken over from a holder that may have
    /// died mid-send before recording anything.
    /// </summary>
    public static bool OutcomeMayBeUnknown(int attemptsMade, int? lastStatusCode, bool takenOver) =>
        takenOver || (attemptsMade > 0 && lastStatusCode is null or 0 or >= 500);
}
