using System.Diagnostics;
using LeanData.Outreach.Errors;
using System.Management.Automation;
using System.Text;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Scheduling;
using LeanData.Outreach.Security;
using LeanData.Outreach.Store;

namespace LeanData.Outreach.Cmdlets.Commands.Retry;

/// <summary>
/// Writes the schedule that runs Start-LDRetryWorker -Once every interval: a systemd system unit (as root) or user
/// unit, or a cron entry on Linux, a launchd agent on macOS, a Task Scheduler task on Windows. With -OutputDirectory
/// the files are only written there and the activation commands are returned for an admin to run.
/// </summary>
[Cmdlet(VerbsLifecycle.Register, "LDRetryWorker", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(RetryWorkerRegistration))]
public sealed class RegisterLDRetryWorkerCommand : LDCmdlet
{
    public const string DefaultName = "leandata-outreach-retry";

    [Parameter(Position = 0)]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(15);

    // A string, not the Core enum: a value-type field from the engine assembly would make PowerShell load it at import.
    [Parameter]
    [ValidateSet(nameof(ScheduleKind.Systemd), nameof(ScheduleKind.SystemdUser), nameof(ScheduleKind.Cron), nameof(ScheduleKind.Launchd), nameof(ScheduleKind.TaskScheduler), IgnoreCase = true)]
    public string? Kind { get; set; }

    [Parameter]
    [ValidatePattern("^[A-Za-z0-9._-]+$")]
    public string Name { get; set; } = DefaultName;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OutputDirectory { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LogPath { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var kind = Kind is null ? ScheduleGenerator.DefaultKind() : Enum.Parse<ScheduleKind>(Kind, ignoreCase: true);
        var explicitFolder = OutputDirectory is not null;
        var elevated = Environment.IsPrivilegedProcess;
        if (kind == ScheduleKind.Systemd && !explicitFolder && !elevated)
            ThrowFailure(ErrorCatalog.RetryWorkerScheduleNeedsRoot, $"A systemd system unit is installed into {SystemdSchedule.SystemFolder}, which only root can write.",
                SystemdSchedule.SystemFolder,
                "Register with -OutputDirectory ./schedule and run the commands in the output's ActivationCommands (they use sudo), " +
                "or use -Kind SystemdUser and turn lingering on (sudo loginctl enable-linger <user>) so the timer keeps running after you log out.");

        var notes = new List<string>();
        var (executable, module) = Launch(notes);
        var runAs = OperatingSystem.IsWindows() ? $"{Environment.UserDomainName}\\{Environment.UserName}" : Environment.UserName;
        var schedule = new WorkerSchedule
        {
            Name = Name,
            Interval = Interval,
            Executable = executable,
            Module = module,
            StorePath = Store.Path,
            LogPath = LogPath is null ? Path.Combine(StoreLocation.DataFolder(), "LeanData.Outreach", Name + ".log") : SessionState.Path.GetUnresolvedProviderPathFromPSPath(LogPath),
            Environment = WorkerEnvironment(),
            RunAs = runAs,
        };
        SchedulePlan plan;
        try
        {
            plan = ScheduleGenerator.Create(kind, schedule);
        }
        catch (ArgumentException ex)
        {
            ThrowFailure(ErrorCatalog.InvalidRetryWorkerSchedule, ex.Message, schedule,
                "Use a whole number of minutes between 1 minute and 1 day, and a name without spaces or quotes.", ex);
            return;
        }
        var runsWhenLoggedOut = RunsWhenLoggedOut(kind, runAs, notes);

        var folder = explicitFolder ? SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutputDirectory) : ScheduleGenerator.DefaultFolder(kind);
        var commands = plan.ActivationCommands(folder);
        if (kind == ScheduleKind.Systemd && !elevated) commands = [.. commands.Select(c => (IReadOnlyList<string>)["sudo", .. c])];
        var files = new List<string>();
        foreach (var file in plan.Files)
        {
            var path = Path.Combine(folder, file.FileName);
            if (File.Exists(path) && !Force)
            {
                WriteFailure(ErrorCatalog.RetryWorkerScheduleExists, $"'{path}' already exists.", path,
                    "Use -Force to replace it, or -Name to register another schedule.");
                return;
            }
            if (!ShouldProcess(path, $"Create the {kind} file for the LeanData.Outreach retry worker (every {Interval}) with this content:{Environment.NewLine}{file.Content}"))
                continue;
            try
            {
                Directory.CreateDirectory(folder);
                File.WriteAllText(path, file.Content, file.FileName.EndsWith(".xml", StringComparison.Ordinal) ? Encoding.Unicode : new UTF8Encoding(false));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                WriteFailure(ErrorCatalog.RetryWorkerScheduleNotWritable, $"'{path}' could not be written: {ex.Message}", path,
                    "Register with -OutputDirectory pointing at a folder you can write, then run the activation commands in the output.", ex);
                return;
            }
            files.Add(path);
        }
        var activated = false;
        var commandLines = commands.Select(c => string.Join(' ', c.Select(Quote))).ToArray();
        if (!explicitFolder && files.Count == plan.Files.Count)
        {
            foreach (var (command, line) in commands.Zip(commandLines))
            {
                if (!ShouldProcess(line, "Run")) continue;
                if (!Run(command, line, plan.ActivationPrompts)) return;
                activated = true;
            }
        }
        if (files.Count == 0) return;   // -WhatIf
        foreach (var note in notes) WriteWarning(note);
        WriteObject(new RetryWorkerRegistration
        {
            Name = Name,
            Kind = kind.ToString(),
            IntervalSpan = Interval,
            RunAs = runAs,
            RunsWhenLoggedOut = runsWhenLoggedOut,
            LogPath = schedule.LogPath,
            Files = [.. files],
            ActivationCommands = commandLines,
            Activated = activated,
            WorkerCommand = schedule.WorkerCommand(),
            Notes = [.. notes],
        });
    }

    /// <summary>The pwsh on PATH and the installed module by name when they exist; else this session's, with a note saying why that is fragile.</summary>
    private (IReadOnlyList<string> Executable, string Module) Launch(List<string> notes)
    {
        var windows = OperatingSystem.IsWindows();
        var psHome = SessionState.PSVariable.GetValue("PSHOME") as string ?? AppContext.BaseDirectory;
        IReadOnlyList<string> executable;
        if (WorkerLocator.FindPwshOnPath(Environment.GetEnvironmentVariable("PATH"), windows, File.Exists) is { } pwsh)
            executable = [pwsh];
        else
        {
            executable = PwshCommand(psHome);
            notes.Add($"pwsh is not on PATH, so the schedule runs this session's PowerShell ('{string.Join(' ', executable)}'), which an update or a cleanup of that folder " +
                      "removes. Install PowerShell so that pwsh is on PATH, then register again.");
        }

        var loaded = ModuleManifestPath();
        var folders = WorkerLocator.StandardModuleFolders(windows, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            Environment.GetFolderPath(Environment.SpecialFolder.MyDocuments), Environment.GetEnvironmentVariable("ProgramFiles"), psHome);
        var installed = WorkerLocator.FindInstalledModule(folders, File.Exists, d => Directory.Exists(d) ? Directory.EnumerateDirectories(d) : []);
        if (installed is not null)
        {
            if (!string.Equals(Path.GetFullPath(installed), Path.GetFullPath(loaded), StringComparison.Ordinal))
                notes.Add($"The schedule imports the installed {WorkerLocator.ModuleName} ('{installed}'), not the copy this session loaded ('{loaded}').");
            return (executable, WorkerLocator.ModuleName);
        }
        notes.Add($"{WorkerLocator.ModuleName} is not installed in a module folder every pwsh searches ({string.Join(", ", folders)}), so the schedule imports it from " +
                  $"'{loaded}'; a rebuild or a move of that folder breaks the schedule. Install the module into one of those folders, then register again.");
        return (executable, loaded);
    }

    /// <summary>What the scheduled run needs and a scheduler does not pass on: where the key (not on Windows, which uses DPAPI) and the store are.</summary>
    private List<KeyValuePair<string, string>> WorkerEnvironment()
    {
        var variables = new List<KeyValuePair<string, string>>();
        if (!OperatingSystem.IsWindows()) variables.Add(new(KeyFileLocation.EnvironmentVariable, KeyFileLocation.Resolve()));
        variables.Add(new(StoreLocation.EnvironmentVariable, Store.Path));
        return variables;
    }

    private static bool RunsWhenLoggedOut(ScheduleKind kind, string user, List<string> notes)
    {
        switch (kind)
        {
            case ScheduleKind.SystemdUser:
                // logind records lingering as this file; `loginctl show-user` needs a session to answer.
                if (File.Exists(Path.Combine("/var/lib/systemd/linger", user))) return true;
                notes.Add($"This is a systemd user unit and lingering is off for {user}: the timer stops when {user}'s last session ends. " +
                          $"Run 'sudo loginctl enable-linger {user}', or register a system unit instead (-Kind Systemd, as root or with -OutputDirectory).");
                return false;
            case ScheduleKind.Launchd:
                notes.Add("A launchd agent runs only while the user is logged in.");
                return false;
            default:
                return true;
        }
    }

    private bool Run(IReadOnlyList<string> command, string line, bool interactive)
    {
        // A command that asks for a password (schtasks /RP *) gets the console; the others are captured.
        var info = new ProcessStartInfo(command[0]) { UseShellExecute = false, RedirectStandardError = !interactive, RedirectStandardOutput = !interactive };
        foreach (var argument in command.Skip(1)) info.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(info)!;
            var error = interactive ? "" : process.StandardError.ReadToEnd();
            if (!interactive) WriteVerbose(process.StandardOutput.ReadToEnd());
            process.WaitForExit();
            if (process.ExitCode == 0) return true;
            WriteFailure(ErrorCatalog.RetryWorkerActivationFailed, $"'{line}' failed with exit code {process.ExitCode}: {error.Trim()}", line,
                "Run the command yourself, or register with -OutputDirectory and activate the files by hand.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            WriteFailure(ErrorCatalog.RetryWorkerActivationFailed, $"'{line}' could not start: {ex.Message}", line,
                "Choose another -Kind for this machine, or register with -OutputDirectory and activate the files by hand.", ex);
        }
        return false;
    }

    private static string[] PwshCommand(string psHome)
    {
        var process = Environment.ProcessPath ?? "pwsh";
        return Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
            ? [process, Path.Combine(psHome, "pwsh.dll")]
            : [process];
    }

    private string ModuleManifestPath()
    {
        var module = MyInvocation.MyCommand.Module;
        if (module is null) return WorkerLocator.ModuleName;
        var manifest = Path.Combine(module.ModuleBase, WorkerLocator.ModuleName + ".psd1");
        return File.Exists(manifest) ? manifest : module.Path;
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:+,@\\".Contains(c)) ? argument : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
