using LeanData.Outreach.Outcomes;

namespace LeanData.Outreach.Engine.Retry;

/// <summary>What a retry worker run did, and what is left in the store.</summary>
public sealed class RetryWorkerSummary
{
    public string WorkerId { get; init; } = "";
    public DateTimeOffset StartedAt { get; init; }
    /// <summary>Internal so ConvertTo-Json writes <see cref="Duration"/> (see <see cref="TimeSpanText"/>).</summary>
    internal TimeSpan DurationSpan { get; init; }
    /// <summary>How long the run took, as text; PowerShell reads Duration as a TimeSpan (LeanData.Outreach.Types.ps1xml).</summary>
    public string Duration => TimeSpanText.Of(DurationSpan);
    /// <summary>Due Pending actions this run took (each once per drain).</summary>
    public long Processed { get; init; }
    public long Succeeded { get; init; }
    /// <summary>Became Error (a non-retryable answer, or "Retry attempt exceeded").</summary>
    public long Failed { get; init; }
    /// <summary>Sent or due but still Pending after this run (rescheduled to the server's reset, Retry-After or the retry interval).</summary>
    public long StillPending { get; init; }
    /// <summary>Actions whose earlier holder's lease had expired (a worker that crashed or was killed).</summary>
    public long TakenOver { get; init; }
    /// <summary>Pending actions in the store when the run ended.</summary>
    public long PendingInStore { get; init; }
    /// <summary>The earliest next attempt among them.</summary>
    public DateTimeOffset? NextDueAt { get; init; }
    public int Drains { get; init; }
    /// <summary>True when the run ended because it was asked to stop (Ctrl+C, SIGTERM).</summary>
    public bool Stopped { get; init; }
    /// <summary>The process exit code for this run: 0 when no action became Error, 2 when some did (<see cref="RetryWorkerExitCodes"/>).</summary>
    public int ExitCode => Failed > 0 ? RetryWorkerExitCodes.ActionsFailed : RetryWorkerExitCodes.Ran;
}
