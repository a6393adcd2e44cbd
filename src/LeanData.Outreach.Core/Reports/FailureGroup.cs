using LeanData.Outreach.Errors;

namespace LeanData.Outreach.Reports;

/// <summary>
/// Actions that failed (Error) or wait for a retry (Pending) with one error category: how many, how many distinct
/// records, the catalog's title and remedy, and the most recent <see cref="RoutingReportFilter.Top"/> of them.
/// </summary>
public sealed record FailureGroup(
    string Category,
    string Title,
    string RecommendedAction,
    long Errors,
    long Pending,
    long Records,
    DateTimeOffset LastAt,
    IReadOnlyList<AffectedRecord> Latest)
{
    public long Total => Errors + Pending;

    /// <summary>The catalog's title and remedy for a stored category name (unknown names are shown as they are).</summary>
    public static (string Title, string RecommendedAction) Describe(string category) =>
        Enum.TryParse<FailureCategory>(category, out var known) && known != FailureCategory.None
            ? (ErrorCatalog.Get(known).Title, ErrorCatalog.RecommendedActionFor(known))
            : (category, "See the message on each action (Get-LDAuditLog -ErrorCategory " + category + ").");
}
