namespace LeanData.Outreach.Routing;

/// <summary>Which actions the insights aggregate (all applied in SQL) and how they are grouped.</summary>
public sealed record RoutingInsightFilter
{
    public const string AddToSequenceActionType = "Add to Sequence";

    /// <summary>Grouping, in order; empty means one row for everything.</summary>
    public IReadOnlyList<RoutingDimension> GroupBy { get; init; } = [RoutingDimension.Node];

    /// <summary>Inclusive lower bound on the action's creation time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Exclusive upper bound on the action's creation time.</summary>
    public DateTimeOffset? Until { get; init; }

    public string ActionType { get; init; } = AddToSequenceActionType;

    /// <summary>Node names (case-insensitive, exact).</summary>
    public IReadOnlyList<string> NodeNames { get; init; } = [];

    public IReadOnlyList<long> SequenceIds { get; init; } = [];

    public IReadOnlyList<long> UserIds { get; init; } = [];
}
