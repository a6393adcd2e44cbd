namespace LeanData.Outreach.Reports;

/// <summary>
/// One chart of the report as the page's script draws it with Chart.js, and as the table beneath it lists it:
/// category labels, the series, axis titles (<see cref="CategoryAxis"/> is the axis of the labels), stacking
/// and orientation. <see cref="Empty"/> charts are replaced by a sentence.
/// </summary>
public sealed record ChartSpec(string Id, string Kind, string Title, string CategoryAxis, string ValueAxis, IReadOnlyList<string> Labels, IReadOnlyList<ChartSeries> Series)
{
    public bool Stacked { get; init; }
    public bool Horizontal { get; init; }
    public string EmptyText { get; init; } = "Nothing to show for this range.";

    public bool Empty => Labels.Count == 0 || Series.Where(s => s.Kind is null).All(s => s.Data.All(v => v == 0));
}
