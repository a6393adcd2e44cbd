namespace LeanData.Outreach.Engine.Retry;

/// <summary>
/// The process exit codes of a scheduled worker run (Register-LDRetryWorker's command ends with them), so a
/// scheduler or monitor can tell "ran" from "actions failed" from "could not run".
/// </summary>
public static class RetryWorkerExitCodes
{
    /// <summary>The worker ran and no action became Error in this run (still-Pending actions are not failures).</summary>
    public const int Ran = 0;

    /// <summary>The worker ran, and at least one action became Error in this run (a non-retryable answer, or retries exhausted).</summary>
    public const int ActionsFailed = 2;

    /// <summary>The worker could not run: not connected, the key does not decrypt the store, the authorization is invalid, the store or log is unusable, or the module could not be loaded.</summary>
    public const int CouldNotRun = 3;
}
