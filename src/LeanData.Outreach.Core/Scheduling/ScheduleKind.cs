namespace LeanData.Outreach.Scheduling;

/// <summary>Which scheduler runs the retry worker.</summary>
// Based on long because PowerShell's ConvertTo-Json writes long-based enums by name (tests/Pester/Conventions.Tests.ps1).
public enum ScheduleKind : long
{
    /// <summary>A systemd system service and timer with User= (Linux): runs whether or not the user is logged in; installing it needs root.</summary>
    Systemd,
    /// <summary>A systemd user service and timer (Linux): runs only while the user has a session, unless lingering is on.</summary>
    SystemdUser,
    /// <summary>A crontab line (Linux and other Unix).</summary>
    Cron,
    /// <summary>A launchd agent (macOS).</summary>
    Launchd,
    /// <summary>A Task Scheduler task (Windows) that runs whether or not the user is logged on (stored password).</summary>
    TaskScheduler,
}
