namespace LeanData.Outreach.Cmdlets.Commands.Retry;

/// <summary>What Register-LDRetryWorker wrote, and the commands that activate it (run, or left for the admin).</summary>
public sealed class RetryWorkerRegistration
{
    public string Name { get; init; } = "";
    /// <summary>Systemd, Cron, Launchd or TaskScheduler.</summary>
    public string Kind { get; init; } = "";
    public TimeSpan Interval { get; init; }
    public string[] Files { get; init; } = [];
    public string[] ActivationCommands { get; init; } = [];
    public bool Activated { get; init; }
    public string WorkerCommand { get; init; } = "";
}
