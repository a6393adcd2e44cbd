namespace LeanData.Outreach.Logs;

/// <summary>
/// One row of the LeanData Partner Logs Report: an Add to Sequence action and its callouts.
/// ResponseStatusCode follows the report: 200 when the callout succeeded, the failing status (0 when no
/// response arrived, 3xx, 4xx, 5xx) when it failed, empty while the action is Pending.
/// </summary>
public sealed class PartnerLogEntry
{
    public long ActionId { get; init; }
    public DateTimeOffset Time { get; init; }
    public string ActionType { get; init; } = "Add to Sequence";
    public string NodeName { get; init; } = "";
    public int? ResponseStatusCode { get; init; }
    public string Outcome { get; init; } = "";

    /// <summary>The object acted upon, e.g. "Contact 0035g00000AbCdE".</summary>
    public string? TargetObject { get; init; }
    public string? RecordId { get; init; }
    public long? ProspectId { get; init; }
    public string? SequenceName { get; init; }
    public int CalloutCount { get; init; }

    /// <summary>The last callout's end time minus its start time.</summary>
    public long CalloutDurationMs { get; init; }

    /// <summary>The whole time spent processing the request across all its callouts.</summary>
    public long TotalCalloutDurationMs { get; init; }
    public bool LogLengthHit { get; init; }
    public LogList<string> FailureReasons { get; init; } = LogList<string>.Empty;
    public LogList<PartnerCallout> CalloutHistory { get; init; } = LogList<PartnerCallout>.Empty;
    /// <summary>Bulk when the last attempt went in a Bulk API action (its callouts are that action's), Single for its own POST.</summary>
    public string? Via { get; init; }

    public override string ToString() => $"{ActionId} {NodeName} {ResponseStatusCode}";
}
