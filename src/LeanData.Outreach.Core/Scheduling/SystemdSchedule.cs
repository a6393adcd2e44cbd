using System.Globalization;
using System.Text;

namespace LeanData.Outreach.Scheduling;

/// <summary>
/// A systemd service (oneshot) and a timer that starts it every interval: a system unit with User= (runs whether or
/// not anyone is logged in; installed under /etc/systemd/system by root), or a user unit (stops with the user's last
/// session unless lingering is on, and has no network-online.target to wait for).
/// </summary>
public static class SystemdSchedule
{
    public const string SystemFolder = "/etc/systemd/system";

    public static SchedulePlan Create(WorkerSchedule schedule, bool system)
    {
        schedule.Validated();
        if (system && string.IsNullOrWhiteSpace(schedule.RunAs))
            throw new ArgumentException("A system unit needs the account to run as (User=).", nameof(schedule.RunAs));
        var exec = string.Join(' ', new[] { schedule.Executable[0] }.Concat(schedule.Arguments()).Select(Quote));
        var service = new StringBuilder();
        if (system)
            service.Append("# Written by Register-LDRetryWorker (LeanData.Outreach): a system unit that drains due Pending actions once,\n")
                .Append("# as ").Append(schedule.RunAs).Append(", whether or not ").Append(schedule.RunAs).Append(" is logged in.\n");
        else
            service.Append("# Written by Register-LDRetryWorker (LeanData.Outreach): a user unit that drains due Pending actions once.\n")
                .Append("# It runs only while the user has a session, unless lingering is on (sudo loginctl enable-linger <user>).\n");
        service.Append("[Unit]\n")
            .Append("Description=LeanData.Outreach retry worker (").Append(schedule.Name).Append(")\n");
        if (system) service.Append("Wants=network-online.target\nAfter=network-online.target\n");
        service.Append("\n[Service]\n")
            .Append("Type=oneshot\n");
        if (system) service.Append("User=").Append(schedule.RunAs).Append('\n');
        foreach (var (key, value) in schedule.Environment)
            service.Append("Environment=").Append(QuoteEnvironment(key + "=" + value)).Append('\n');
        service.Append("ExecStart=").Append(exec).Append('\n')
            .Append("TimeoutStopSec=30\n");
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
        var serviceFile = schedule.Name + ".service";
        var timerFile = schedule.Name + ".timer";
        return new SchedulePlan(system ? ScheduleKind.Systemd : ScheduleKind.SystemdUser,
            [new ScheduleFile(serviceFile, service.ToString()), new ScheduleFile(timerFile, timer.ToString())],
            folder =>
            {
                if (!system) return [["systemctl", "--user", "daemon-reload"], ["systemctl", "--user", "enable", "--now", timerFile]];
                var commands = new List<IReadOnlyList<string>>();
                if (!string.Equals(Path.GetFullPath(folder).TrimEnd('/'), SystemFolder, StringComparison.Ordinal))
                    commands.Add(["install", "-m", "0644", Path.Combine(folder, serviceFile), Path.Combine(folder, timerFile), SystemFolder + "/"]);
                commands.Add(["systemctl", "daemon-reload"]);
                commands.Add(["systemctl", "enable", "--now", timerFile]);
                return commands;
            });
    }

    /// <summary>Quotes one ExecStart argument (systemd's C-style double quotes; % escaped as %%, $ as $$).</summary>
    public static string Quote(string argument)
    {
        var escaped = argument.Replace("%", "%%", StringComparison.Ordinal);
        if (escaped.Length > 0 && escaped.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:+,@".Contains(c))) return escaped;
        return "\"" + escaped.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("$", "$$", StringComparison.Ordinal) + "\"";
    }

    /// <summary>Quotes one Environment= assignment (double quotes, C escapes, % as %%; systemd does not expand $ there).</summary>
    public static string QuoteEnvironment(string assignment) =>
        "\"" + assignment.Replace("%", "%%", StringComparison.Ordinal).Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
