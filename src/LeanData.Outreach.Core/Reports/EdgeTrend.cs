namespace LeanData.Outreach.Reports;

/// <summary>One of the node's edges: how often it was taken in each time bucket, and the catalog's remedy.</summary>
public sealed record EdgeTrend(string Edge, string Title, string RecommendedAction, IReadOnlyList<long> PerBucket)
{
    /// <summary>The node's edges, in the order the report shows them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["ConfigurationError", "MissingProspectId", "MissingUserId", "QueueOwner"];

    public long Total => PerBucket.Sum();

    public static EdgeTrend For(string edge, IReadOnlyList<long> perBucket)
    {
        var (title, remedy) = FailureGroup.Describe(edge);
        return new EdgeTrend(edge, title, remedy, perBucket);
    }
}
