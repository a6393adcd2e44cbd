namespace LeanData.Outreach.Engine.Execution;

/// <summary>Running totals for progress display: records with a final result, and how they ended.</summary>
public sealed record ExecutionProgress(long Accepted, long Processed, long Succeeded, long Pending, long Failed);
