namespace LeanData.Outreach.Logs;

/// <summary>The audit log's outcome filter. <see cref="Fallback"/> is the roadmap's "Error (Fallback)" view: Outreach errors and edges.</summary>
public enum AuditOutcome
{
    Success,
    Pending,
    Error,
    Edge,
    Skipped,
    Fallback,
}
