namespace LeanData.Outreach.Reports;

/// <summary>Which Add to Sequence actions the routing report covers (all applied in SQL) and how many records each failure list shows.</summary>
public sealed record RoutingReportFilter
{
    public const int DefaultTop = 10;

    /// <summary>Inclusive lower bound on the action's creation time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Exclusive upper bound on the action's creation time.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Node names, case-insensitive; * and ? match as wildcards.</summary>
    public IReadOnlyList<string> NodeNames { get; init; } = [];

    /// <summary>Sequences by Outreach id; an action matches if its sequence is in these ids or in <see cref="SequenceNames"/>.</summary>
    public IReadOnlyList<long> SequenceIds { get; init; } = [];

    /// <summary>Sequences by name, case-insensitive; * and ? match as wildcards.</summary>
    public IReadOnlyList<string> SequenceNames { get; init; } = [];

    /// <summary>How many affected records each failure category lists (most recent first).</summary>
    public int Top { get; init; } = DefaultTop;
}
