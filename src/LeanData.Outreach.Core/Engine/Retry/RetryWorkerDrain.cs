namespace LeanData.Outreach.Engine.Retry;

/// <summary>What one drain (claim, send, repeat until nothing is due) did, and what it left in the store.</summary>
public sealed record RetryWorkerDrain(
    string WorkerId,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    long Processed,
    long Succeeded,
    long Failed,
    long StillPending,
    long PendingInStore,
    DateTimeOffset? NextDueAt)
{
    public int ExitCode => Failed > 0 ? RetryWorkerExitCodes.ActionsFailed : RetryWorkerExitCodes.Ran;
}
