namespace LeanData.Outreach.Outcomes;

/// <summary>How an Add to Sequence action ended (the audit log's outcome).</summary>
public enum ActionOutcome
{
    Success,
    Pending,
    Error,
    Edge,
    Skipped,
}
