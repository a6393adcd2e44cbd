namespace LeanData.Outreach.Reports;

/// <summary>
/// The files inlined into every report, embedded in this assembly: the vendored Chart.js build
/// (Assets/README.md), the page's drawing script and its style sheet.
/// </summary>
public static class ReportAssets
{
    public const string ChartJsVersion = "4.6.1";

    private static readonly Lazy<string> ChartJsText = new(() => Read("chart.umd.min.js"));
    private static readonly Lazy<string> ScriptText = new(() => Read("report.js"));
    private static readonly Lazy<string> StyleText = new(() => Read("report.css"));

    public static string ChartJs => ChartJsText.Value;
    public static string Script => ScriptText.Value;
    public static string Style => StyleText.Value;

    private static string Read(string file)
    {
        var name = "LeanData.Outreach.Reports.Assets." + file;
        using var stream = typeof(ReportAssets).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The engine assembly lacks its embedded {name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
