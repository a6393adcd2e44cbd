namespace LeanData.Outreach.Logs;

/// <summary>The partner log's status filter: the callout succeeded (200), failed, or is still pending.</summary>
public enum PartnerLogStatus
{
    Succeeded,
    Failed,
    Pending,
}
