namespace LeanData.Outreach.Scheduling;

/// <summary>Picks the generator for a kind, and the kind and default folder for this machine.</summary>
public static class ScheduleGenerator
{
    public static SchedulePlan Create(ScheduleKind kind, WorkerSchedule schedule) => kind switch
    {
        ScheduleKind.Systemd => SystemdSchedule.Create(schedule, system: true),
        ScheduleKind.SystemdUser => SystemdSchedule.Create(schedule, system: false),
        ScheduleKind.Cron => CronSchedule.Create(schedule),
        ScheduleKind.Launchd => LaunchdSchedule.Create(schedule),
        ScheduleKind.TaskScheduler => TaskSchedulerSchedule.Create(schedule),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>
    /// Task Scheduler on Windows, launchd on macOS; where systemd runs, a system unit for root and a user unit for anyone
    /// else (a system unit needs root to install); else cron.
    /// </summary>
    public static ScheduleKind DefaultKind()
    {
        if (OperatingSystem.IsWindows()) return ScheduleKind.TaskScheduler;
        if (OperatingSystem.IsMacOS()) return ScheduleKind.Launchd;
        if (!Directory.Exists("/run/systemd/system")) return ScheduleKind.Cron;
        return Environment.IsPrivilegedProcess ? ScheduleKind.Systemd : ScheduleKind.SystemdUser;
    }

    /// <summary>Where each kind's files normally live.</summary>
    public static string DefaultFolder(ScheduleKind kind)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return kind switch
        {
            ScheduleKind.Systemd => SystemdSchedule.SystemFolder,
            ScheduleKind.SystemdUser => Path.Combine(Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg) ? xdg : Path.Combine(home, ".config"), "systemd", "user"),
            ScheduleKind.Launchd => Path.Combine(home, "Library", "LaunchAgents"),
            _ => Path.Combine(Store.StoreLocation.DataFolder(), "LeanData.Outreach", "schedule"),
        };
    }
}
