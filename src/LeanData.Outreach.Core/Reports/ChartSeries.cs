namespace LeanData.Outreach.Reports;

/// <summary>
/// One series of a chart: its name, colour (or one colour per point), dash pattern for lines, and one value per
/// label. Kind overrides the chart's (a budget line on bars).
/// </summary>
public sealed record ChartSeries(string Name, string Color, IReadOnlyList<double> Data)
{
    public IReadOnlyList<int> Dash { get; init; } = [];
    public IReadOnlyList<string>? Colors { get; init; }
    public string? Kind { get; init; }
}
