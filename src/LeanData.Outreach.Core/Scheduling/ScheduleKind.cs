namespace LeanData.Outreach.Scheduling;

/// <summary>Which scheduler runs the retry worker.</summary>
// Based on long because PowerShell's ConvertTo-Json writes long-based enums by name (tests/Pester/Conventions.Tests.ps1).
public enum ScheduleKind : long
{
    /// <summary>A systemd user service and timer (Linux).</summary>
    Systemd,
    /// <summary>A crontab line (Linux and other Unix).</summary>
    Cron,
    /// <summary>A launchd agent (macOS).</summary>
    Launchd,
    /// <summary>A Task Scheduler task (Windows).</summary>
    TaskScheduler,
}
