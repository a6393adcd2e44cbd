namespace LeanData.Outreach.Reports;

/// <summary>
/// Okabe-Ito colours (distinguishable with the common colour-vision deficiencies), one per outcome and per edge;
/// lines also differ by dash pattern, so they stay apart in grey print.
/// </summary>
public static class ReportPalette
{
    public const string Success = "#009E73";
    public const string Pending = "#E69F00";
    public const string Error = "#D55E00";
    public const string Edge = "#0072B2";
    public const string Skipped = "#999999";
    public const string Neutral = "#56B4E9";
    public const string Budget = "#000000";

    public static string ForEdge(string edge) => edge switch
    {
        "ConfigurationError" => "#CC79A7",
        "MissingProspectId" => "#0072B2",
        "MissingUserId" => "#E69F00",
        _ => "#009E73",
    };

    /// <summary>Success green for 2xx, orange for what a retry can mend (429, 5xx), vermillion for the other refusals.</summary>
    public static string ForStatus(int status) => status switch
    {
        >= 200 and < 300 => Success,
        429 or >= 500 => Pending,
        _ => Error,
    };

    public static IReadOnlyList<int> DashFor(int index) => (index % 4) switch
    {
        0 => [],
        1 => [6, 3],
        2 => [2, 2],
        _ => [8, 3, 2, 3],
    };
}
