using LeanData.Outreach.Outcomes;

namespace LeanData.Outreach.Cmdlets.Commands.Retry;

/// <summary>What Register-LDRetryWorker wrote, and the commands that activate it (run, or left for the admin).</summary>
public sealed class RetryWorkerRegistration
{
    public string Name { get; init; } = "";
    /// <summary>Systemd (a system unit with User=), SystemdUser, Cron, Launchd or TaskScheduler.</summary>
    public string Kind { get; init; } = "";
    /// <summary>Internal so ConvertTo-Json writes <see cref="Interval"/> (see <see cref="TimeSpanText"/>).</summary>
    internal TimeSpan IntervalSpan { get; init; }
    /// <summary>How often the worker runs, as text; PowerShell reads Interval as a TimeSpan (LeanData.Outreach.Types.ps1xml).</summary>
    public string Interval => TimeSpanText.Of(IntervalSpan);
    /// <summary>The account the scheduled run uses.</summary>
    public string RunAs { get; init; } = "";
    /// <summary>False for a user unit without lingering and for a launchd agent: they stop when the user logs out.</summary>
    public bool RunsWhenLoggedOut { get; init; }
    /// <summary>Where the worker writes one timestamped line per drain and per failed action.</summary>
    public string LogPath { get; init; } = "";
    public string[] Files { get; init; } = [];
    public string[] ActivationCommands { get; init; } = [];
    public bool Activated { get; init; }
    public string WorkerCommand { get; init; } = "";
    /// <summary>What the admin should know: lingering off, pwsh not on PATH, the module not installed (also written as warnings).</summary>
    public string[] Notes { get; init; } = [];
}
