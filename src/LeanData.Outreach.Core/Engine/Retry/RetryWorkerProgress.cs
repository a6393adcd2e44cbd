namespace LeanData.Outreach.Engine.Retry;

/// <summary>Where a drain stands: actions claimed so far and how they ended.</summary>
public sealed record RetryWorkerProgress(long Claimed, long Succeeded, long Failed, long StillPending, long DueRemaining);
