using System.Diagnostics;
using LeanData.Outreach.Errors;
using System.Management.Automation;
using System.Text;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Scheduling;

namespace LeanData.Outreach.Cmdlets.Commands.Retry;

/// <summary>
/// Writes the schedule that runs Start-LDRetryWorker -Once every interval: a systemd user timer or a cron
/// entry on Linux, a launchd agent on macOS, a Task Scheduler task on Windows. With -OutputDirectory the
/// files are only written there and the activation commands are returned for an admin to run.
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
    [ValidateSet(nameof(ScheduleKind.Systemd), nameof(ScheduleKind.Cron), nameof(ScheduleKind.Launchd), nameof(ScheduleKind.TaskScheduler), IgnoreCase = true)]
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
        var schedule = new WorkerSchedule
        {
            Name = Name,
            Interval = Interval,
            Executable = PwshCommand(),
            ModulePath = ModuleManifestPath(),
            StorePath = Store.Path,
            LogPath = LogPath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(LogPath),
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
        var explicitFolder = OutputDirectory is not null;
        var folder = explicitFolder ? SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutputDirectory) : ScheduleGenerator.DefaultFolder(kind);
        var commands = plan.ActivationCommands(folder);
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
            Directory.CreateDirectory(folder);
            File.WriteAllText(path, file.Content, file.FileName.EndsWith(".xml", StringComparison.Ordinal) ? Encoding.Unicode : new UTF8Encoding(false));
            files.Add(path);
        }
        var activated = false;
        var commandLines = commands.Select(c => string.Join(' ', c.Select(Quote))).ToArray();
        if (!explicitFolder && files.Count == plan.Files.Count)
        {
            foreach (var (command, line) in commands.Zip(commandLines))
            {
                if (!ShouldProcess(line, "Run")) continue;
                if (!Run(command, line)) return;
                activated = true;
            }
        }
        if (files.Count == 0) return;   // -WhatIf
        WriteObject(new RetryWorkerRegistration
        {
            Name = Name,
            Kind = kind.ToString(),
            Interval = Interval,
            Files = [.. files],
            ActivationCommands = commandLines,
            Activated = activated,
            WorkerCommand = schedule.WorkerCommand(),
        });
    }

    private bool Run(IReadOnlyList<string> command, string line)
    {
        var info = new ProcessStartInfo(command[0]) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in command.Skip(1)) info.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(info)!;
            var error = process.StandardError.ReadToEnd();
            WriteVerbose(process.StandardOutput.ReadToEnd());
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

    private string[] PwshCommand()
    {
        var process = Environment.ProcessPath ?? "pwsh";
        var psHome = SessionState.PSVariable.GetValue("PSHOME") as string ?? AppContext.BaseDirectory;
        return Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
            ? [process, Path.Combine(psHome, "pwsh.dll")]
            : [process];
    }

    private string ModuleManifestPath()
    {
        var module = MyInvocation.MyCommand.Module;
        if (module is null) return "LeanData.Outreach";
        var manifest = Path.Combine(module.ModuleBase, "LeanData.Outreach.psd1");
        return File.Exists(manifest) ? manifest : module.Path;
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:+,@\\".Contains(c)) ? argument : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
