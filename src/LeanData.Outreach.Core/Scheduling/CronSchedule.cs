using System.Globalization;

namespace LeanData.Outreach.Scheduling;

/// <summary>A crontab line that runs the worker every interval (minutes dividing an hour, hours dividing a day, or once a day).</summary>
public static class CronSchedule
{
    public static SchedulePlan Create(WorkerSchedule schedule)
    {
        schedule.Validated();
        var marker = Marker(schedule.Name);
        // VAR=value before the command: cron starts it with only HOME, LOGNAME, SHELL and a short PATH. The trailing
        // comment (sh ignores it) marks the line, so registering again replaces it instead of adding a second one.
        var variables = string.Concat(schedule.Environment.Select(v => $"{v.Key}={Quote(v.Value)} "));
        var line = $"{Expression(schedule.Interval)} {variables}{string.Join(' ', new[] { schedule.Executable[0] }.Concat(schedule.Arguments()).Select(Quote))} {marker}";
        var content = $"{marker}, written by Register-LDRetryWorker\n{line}\n";
        return new SchedulePlan(ScheduleKind.Cron, [new ScheduleFile(schedule.Name + ".cron", content)],
            folder => [["sh", "-c", $"(crontab -l 2>/dev/null | grep -vF {Quote(marker)}; cat {Quote(Path.Combine(folder, schedule.Name + ".cron"))}) | crontab -"]]);
    }

    /// <summary>The comment that marks this schedule's lines in the crontab.</summary>
    public static string Marker(string name) => $"# LeanData.Outreach retry worker ({name})";

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
