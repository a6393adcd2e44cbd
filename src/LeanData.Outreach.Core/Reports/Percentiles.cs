namespace LeanData.Outreach.Reports;

/// <summary>Exact nearest-rank percentiles over a histogram of (value, count) pairs, as SQL's GROUP BY returns them.</summary>
public static class Percentiles
{
    public static long Of(IReadOnlyList<(long Value, long Count)> sortedHistogram, double percentile)
    {
        var total = sortedHistogram.Sum(h => h.Count);
        if (total == 0) return 0;
        var rank = (long)Math.Ceiling(percentile / 100.0 * total);
        if (rank < 1) rank = 1;
        long seen = 0;
        foreach (var (value, count) in sortedHistogram)
        {
            seen += count;
            if (seen >= rank) return value;
        }
        return sortedHistogram[^1].Value;
    }
}
