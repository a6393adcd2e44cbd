namespace LeanData.Outreach.Scheduling;

/// <summary>
/// What a schedule runs: <c>Start-LDRetryWorker -Once</c> every <see cref="Interval"/>, through
/// <see cref="Executable"/> (pwsh, or the dotnet host followed by pwsh.dll) with the module and store given by full path.
/// </summary>
public sealed record WorkerSchedule
{
    public required string Name { get; init; }
    public required TimeSpan Interval { get; init; }
    public required IReadOnlyList<string> Executable { get; init; }
    public required string ModulePath { get; init; }
    public string? StorePath { get; init; }
    public string? LogPath { get; init; }

    public static readonly TimeSpan MinInterval = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxInterval = TimeSpan.FromDays(1);

    public WorkerSchedule Validated()
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.IndexOfAny(['/', '\\', '"', '\'', ' ', '\n', '\r']) >= 0)
            throw new ArgumentException($"The schedule name '{Name}' must be non-empty and contain no spaces, quotes or slashes.", nameof(Name));
        if (Interval < MinInterval || Interval > MaxInterval || Interval.Ticks % TimeSpan.TicksPerMinute != 0)
            throw new ArgumentOutOfRangeException(nameof(Interval), Interval, "The interval must be whole minutes, between 1 minute and 1 day.");
        if (Executable.Count == 0) throw new ArgumentException("The executable is missing.", nameof(Executable));
        return this;
    }

    /// <summary>The PowerShell command the schedule runs (single-quoted paths, so no shell expands them).</summary>
    public string WorkerCommand()
    {
        var store = StorePath is null ? "" : $" -StorePath {PowerShellQuote(StorePath)}";
        return $"$ErrorActionPreference = 'Stop'; Import-Module {PowerShellQuote(ModulePath)}; Start-LDRetryWorker -Once{store} | Out-String | Write-Output";
    }

    /// <summary>The full argument list after the executable.</summary>
    public IReadOnlyList<string> Arguments() => [.. Executable.Skip(1), "-NoProfile", "-NonInteractive", "-Command", WorkerCommand()];

    public static string PowerShellQuote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
