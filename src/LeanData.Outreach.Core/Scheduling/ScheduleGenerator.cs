namespace LeanData.Outreach.Scheduling;

/// <summary>Picks the generator for a kind, and the kind and default folder for this machine.</summary>
public static class ScheduleGenerator
{
    public static SchedulePlan Create(ScheduleKind kind, WorkerSchedule schedule) => kind switch
    {
        ScheduleKind.Systemd => SystemdSchedule.Create(schedule),
        ScheduleKind.Cron => CronSchedule.Create(schedule),
        ScheduleKind.Launchd => LaunchdSchedule.Create(schedule),
        ScheduleKind.TaskScheduler => TaskSchedulerSchedule.Create(schedule),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Task Scheduler on Windows, launchd on macOS, systemd where a user systemd runs, else cron.</summary>
    public static ScheduleKind DefaultKind()
    {
        if (OperatingSystem.IsWindows()) return ScheduleKind.TaskScheduler;
        if (OperatingSystem.IsMacOS()) return ScheduleKind.Launchd;
        return Directory.Exists("/run/systemd/system") ? ScheduleKind.Systemd : ScheduleKind.Cron;
    }

    /// <summary>Where each kind's files normally live.</summary>
    public static string DefaultFolder(ScheduleKind kind)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return kind switch
        {
            ScheduleKind.Systemd => Path.Combine(Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg) ? xdg : Path.Combine(home, ".config"), "systemd", "user"),
            ScheduleKind.Launchd => Path.Combine(home, "Library", "LaunchAgents"),
            _ => Path.Combine(Store.StoreLocation.DataFolder(), "LeanData.Outreach", "schedule"),
        };
    }
}
