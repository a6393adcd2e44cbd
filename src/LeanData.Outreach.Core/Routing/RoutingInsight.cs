namespace LeanData.Outreach.Routing;

/// <summary>
/// Counts for one group of Add to Sequence actions. Properties of dimensions not grouped by are null.
/// <see cref="SuccessRate"/> is Succeeded / Total (0..1). <see cref="TopErrorCategory"/> is the most frequent
/// failure category (errors, pending retries and edges) in the group, with its count and the catalog's remedy.
/// </summary>
public sealed record RoutingInsight
{
    public string? Node { get; init; }
    public long? SequenceId { get; init; }
    public string? SequenceName { get; init; }
    public long? UserId { get; init; }
    public long? MailboxId { get; init; }
    public string? Outcome { get; init; }
    public string? ErrorCategory { get; init; }
    public string? Edge { get; init; }
    /// <summary>UTC day, yyyy-MM-dd.</summary>
    public string? Day { get; init; }

    public long Total { get; init; }
    public long Succeeded { get; init; }
    public long Pending { get; init; }
    public long Failed { get; init; }
    public long EdgeTaken { get; init; }
    public long Skipped { get; init; }
    public long MissingProspectId { get; init; }
    public long MissingUserId { get; init; }
    public long QueueOwner { get; init; }
    public long ConfigurationError { get; init; }
    public double SuccessRate { get; init; }

    public string? TopErrorCategory { get; init; }
    public long TopErrorCount { get; init; }
    public string? RecommendedAction { get; init; }

    public DateTimeOffset? FirstAt { get; init; }
    public DateTimeOffset? LastAt { get; init; }
    public string GroupBy { get; init; } = "";
}
