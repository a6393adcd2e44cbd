using LeanData.Outreach.Engine.Retry;

namespace LeanData.Outreach.Scheduling;

/// <summary>
/// What a schedule runs: <c>Start-LDRetryWorker -Once</c> every <see cref="Interval"/>, through <see cref="Executable"/>
/// (pwsh, or the dotnet host followed by pwsh.dll), importing <see cref="Module"/> (the installed module's name, or a
/// manifest's full path), with <see cref="Environment"/> set and, for system units and tasks, as <see cref="RunAs"/>.
/// </summary>
public sealed record WorkerSchedule
{
    public required string Name { get; init; }
    public required TimeSpan Interval { get; init; }
    public required IReadOnlyList<string> Executable { get; init; }
    public required string Module { get; init; }
    public string? StorePath { get; init; }
    public string? LogPath { get; init; }
    /// <summary>Variables the scheduled run needs (LD_OUTREACH_KEYFILE, LD_OUTREACH_STORE): a scheduler starts it with almost none.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];
    /// <summary>The account the run uses where the scheduler asks (a system unit's User=, a task's principal).</summary>
    public string? RunAs { get; init; }

    public static readonly TimeSpan MinInterval = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxInterval = TimeSpan.FromDays(1);

    public WorkerSchedule Validated()
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.IndexOfAny(['/', '\\', '"', '\'', ' ', '\n', '\r']) >= 0)
            throw new ArgumentException($"The schedule name '{Name}' must be non-empty and contain no spaces, quotes or slashes.", nameof(Name));
        if (Interval < MinInterval || Interval > MaxInterval || Interval.Ticks % TimeSpan.TicksPerMinute != 0)
            throw new ArgumentOutOfRangeException(nameof(Interval), Interval, "The interval must be whole minutes, between 1 minute and 1 day.");
        if (Executable.Count == 0) throw new ArgumentException("The executable is missing.", nameof(Executable));
        foreach (var (key, value) in Environment)
            if (key.Length == 0 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || value.IndexOfAny(['\n', '\r', '\0']) >= 0)
                throw new ArgumentException($"The environment variable '{key}' has a name or value a scheduler cannot carry.", nameof(Environment));
        return this;
    }

    /// <summary>
    /// The PowerShell command the schedule runs (single-quoted paths, so no shell expands them). It exits with the
    /// summary's code (0 ran, 2 actions became Error) or 3 when anything stopped the worker from running.
    /// <paramref name="withEnvironment"/> sets <see cref="Environment"/> inside the command, for schedulers that cannot.
    /// </summary>
    public string WorkerCommand(bool withEnvironment = false)
    {
        var variables = withEnvironment ? string.Concat(Environment.Select(v => $"$env:{v.Key} = {PowerShellQuote(v.Value)}; ")) : "";
        var store = StorePath is null ? "" : $" -StorePath {PowerShellQuote(StorePath)}";
        var log = LogPath is null ? "" : $" -LogPath {PowerShellQuote(LogPath)}";
        return $"$ErrorActionPreference = 'Stop'; {variables}try {{ Import-Module {PowerShellQuote(Module)}; $summary = Start-LDRetryWorker -Once{store}{log} }} " +
               $"catch {{ [Console]::Error.WriteLine($_.ToString()); exit {RetryWorkerExitCodes.CouldNotRun} }}; exit $summary.ExitCode";
    }

    /// <summary>The full argument list after the executable.</summary>
    public IReadOnlyList<string> Arguments(bool withEnvironment = false) =>
        [.. Executable.Skip(1), "-NoProfile", "-NonInteractive", "-Command", WorkerCommand(withEnvironment)];

    public static string PowerShellQuote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
