using System.Globalization;

namespace LeanData.Outreach.Scheduling;

/// <summary>A crontab line that runs the worker every interval (minutes dividing an hour, hours dividing a day, or once a day).</summary>
public static class CronSchedule
{
    public static SchedulePlan Create(WorkerSchedule schedule)
    {
        schedule.Validated();
        var line = $"{Expression(schedule.Interval)} {string.Join(' ', new[] { schedule.Executable[0] }.Concat(schedule.Arguments()).Select(Quote))}";
        if (schedule.LogPath is { } log) line += $" >> {Quote(log)} 2>&1";
        var content = $"# LeanData.Outreach retry worker ({schedule.Name}), written by Register-LDRetryWorker\n{line}\n";
        return new SchedulePlan(ScheduleKind.Cron, [new ScheduleFile(schedule.Name + ".cron", content)],
            folder => [["sh", "-c", $"(crontab -l 2>/dev/null | grep -v {Quote("# LeanData.Outreach retry worker (" + schedule.Name + ")")} | grep -vF {Quote(schedule.WorkerCommand())}; cat {Quote(Path.Combine(folder, schedule.Name + ".cron"))}) | crontab -"]]);
    }

    /// <summary>The five time fields. Intervals that divide neither an hour nor a day round down to one that does.</summary>
    public static string Expression(TimeSpan interval)
    {
        var minutes = (int)interval.TotalMinutes;
        if (minutes < 60)
        {
            var step = Enumerable.Range(1, minutes).Last(d => 60 % d == 0);
            return step == 1 ? "* * * * *" : $"*/{step.ToString(CultureInfo.InvariantCulture)} * * * *";
        }
        if (minutes < 24 * 60)
        {
            var hours = Enumerable.Range(1, minutes / 60).Last(d => 24 % d == 0);
            return hours == 1 ? "0 * * * *" : $"0 */{hours.ToString(CultureInfo.InvariantCulture)} * * *";
        }
        return "0 3 * * *";
    }

    /// <summary>POSIX shell single quotes.</summary>
    public static string Quote(string argument)
    {
        var escaped = argument.Replace("%", "\\%", StringComparison.Ordinal);   // cron treats an unescaped % as a newline
        if (escaped.Length > 0 && escaped.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:+,@".Contains(c))) return escaped;
        return "'" + escaped.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
