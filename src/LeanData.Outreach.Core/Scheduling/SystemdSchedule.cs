using System.Globalization;
using System.Text;

namespace LeanData.Outreach.Scheduling;

/// <summary>A systemd user service (oneshot) and a timer that starts it every interval.</summary>
public static class SystemdSchedule
{
    public static SchedulePlan Create(WorkerSchedule schedule)
    {
        schedule.Validated();
        var exec = string.Join(' ', new[] { schedule.Executable[0] }.Concat(schedule.Arguments()).Select(Quote));
        var service = new StringBuilder()
            .Append("# Written by Register-LDRetryWorker (LeanData.Outreach): drains due Pending actions once.\n")
            .Append("[Unit]\n")
            .Append("Description=LeanData.Outreach retry worker (").Append(schedule.Name).Append(")\n")
            .Append("After=network-online.target\n\n")
            .Append("[Service]\n")
            .Append("Type=oneshot\n")
            .Append("ExecStart=").Append(exec).Append('\n')
            .Append("TimeoutStopSec=30\n")
            .Append("KillSignal=SIGTERM\n");
        if (schedule.LogPath is { } log)
            service.Append("StandardOutput=append:").Append(log).Append('\n').Append("StandardError=append:").Append(log).Append('\n');
        var minutes = (long)schedule.Interval.TotalMinutes;
        var timer = new StringBuilder()
            .Append("# Written by Register-LDRetryWorker (LeanData.Outreach).\n")
            .Append("[Unit]\n")
            .Append("Description=Run the LeanData.Outreach retry worker every ").Append(minutes.ToString(CultureInfo.InvariantCulture)).Append(" min\n\n")
            .Append("[Timer]\n")
            .Append("OnBootSec=2min\n")
            .Append("OnUnitActiveSec=").Append(minutes.ToString(CultureInfo.InvariantCulture)).Append("min\n")
            .Append("Unit=").Append(schedule.Name).Append(".service\n\n")
            .Append("[Install]\n")
            .Append("WantedBy=timers.target\n");
        return new SchedulePlan(ScheduleKind.Systemd,
            [new ScheduleFile(schedule.Name + ".service", service.ToString()), new ScheduleFile(schedule.Name + ".timer", timer.ToString())],
            _ => [["systemctl", "--user", "daemon-reload"], ["systemctl", "--user", "enable", "--now", schedule.Name + ".timer"]]);
    }

    /// <summary>Quotes one ExecStart argument (systemd's C-style double quotes; % escaped as %%).</summary>
    public static string Quote(string argument)
    {
        var escaped = argument.Replace("%", "%%", StringComparison.Ordinal);
        if (escaped.Length > 0 && escaped.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:+,@".Contains(c))) return escaped;
        return "\"" + escaped.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("$", "$$", StringComparison.Ordinal) + "\"";
    }
}
