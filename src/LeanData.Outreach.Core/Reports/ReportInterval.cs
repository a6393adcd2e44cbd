namespace LeanData.Outreach.Reports;

/// <summary>The width of one time bucket on the report's time axes (UTC, aligned to midnight).</summary>
public enum ReportInterval
{
    Hour,
    Day,
    Week,
}

public static class ReportIntervals
{
    public static TimeSpan Width(this ReportInterval interval) => interval switch
    {
        ReportInterval.Hour => TimeSpan.FromHours(1),
        ReportInterval.Day => TimeSpan.FromDays(1),
        _ => TimeSpan.FromDays(7),
    };

    /// <summary>Hours for up to two days, days for up to 400, weeks beyond: a time axis stays readable (at most a few hundred bars).</summary>
    public static ReportInterval For(TimeSpan span) =>
        span <= TimeSpan.FromDays(2) ? ReportInterval.Hour : span <= TimeSpan.FromDays(400) ? ReportInterval.Day : ReportInterval.Week;

    /// <summary>The start of the bucket holding <paramref name="time"/>: the UTC hour or day; weeks start on Monday.</summary>
    public static DateTimeOffset Floor(this ReportInterval interval, DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return interval switch
        {
            ReportInterval.Hour => new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero),
            ReportInterval.Day => new DateTimeOffset(utc.Date, TimeSpan.Zero),
            _ => new DateTimeOffset(utc.Date.AddDays(-(((int)utc.DayOfWeek + 6) % 7)), TimeSpan.Zero),
        };
    }

    public static string Label(this ReportInterval interval, DateTimeOffset start) => interval switch
    {
        ReportInterval.Hour => start.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        _ => start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };
}
