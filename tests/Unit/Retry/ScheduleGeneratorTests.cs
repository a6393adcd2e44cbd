using System.Xml.Linq;
using LeanData.Outreach.Scheduling;
using Xunit;

namespace LeanData.Outreach.Tests.Retry;

public sealed class ScheduleGeneratorTests
{
    private static WorkerSchedule Schedule(TimeSpan? interval = null, string store = "/home/ann/it's data/store.db") => new()
    {
        Name = "ld-retry",
        Interval = interval ?? TimeSpan.FromMinutes(15),
        Executable = ["/usr/bin/dotnet", "/opt/pwsh/pwsh.dll"],
        ModulePath = "/opt/modules/LeanData.Outreach/LeanData.Outreach.psd1",
        StorePath = store,
        LogPath = "/var/log/ld 100%.log",
    };

    [Fact]
    public void The_worker_command_imports_the_module_and_drains_once_against_the_store()
    {
        Assert.Equal("$ErrorActionPreference = 'Stop'; Import-Module '/opt/modules/LeanData.Outreach/LeanData.Outreach.psd1'; Start-LDRetryWorker -Once -StorePath '/home/ann/it''s data/store.db' | Out-String | Write-Output",
            Schedule().WorkerCommand());
    }

    [Fact]
    public void Systemd_writes_a_oneshot_service_and_a_timer()
    {
        var plan = SystemdSchedule.Create(Schedule());
        Assert.Equal(["ld-retry.service", "ld-retry.timer"], plan.Files.Select(f => f.FileName));
        var service = plan.Files[0].Content;
        Assert.Contains("Type=oneshot\n", service);
        Assert.Contains("ExecStart=/usr/bin/dotnet /opt/pwsh/pwsh.dll -NoProfile -NonInteractive -Command \"$$ErrorActionPreference = 'Stop'; Import-Module '/opt/modules/LeanData.Outreach/LeanData.Outreach.psd1'; Start-LDRetryWorker -Once -StorePath '/home/ann/it''s data/store.db' | Out-String | Write-Output\"\n", service);
        Assert.Contains("StandardOutput=append:/var/log/ld 100%.log", service);
        var timer = plan.Files[1].Content;
        Assert.Contains("OnUnitActiveSec=15min\n", timer);
        Assert.Contains("Unit=ld-retry.service\n", timer);
        Assert.Contains("WantedBy=timers.target", timer);
        Assert.Equal([["systemctl", "--user", "daemon-reload"], ["systemctl", "--user", "enable", "--now", "ld-retry.timer"]],
            plan.ActivationCommands("/x").Select(c => c.ToArray()));
    }

    [Theory]
    [InlineData(1, "* * * * *")]
    [InlineData(5, "*/5 * * * *")]
    [InlineData(7, "*/6 * * * *")]
    [InlineData(60, "0 * * * *")]
    [InlineData(180, "0 */3 * * *")]
    [InlineData(1440, "0 3 * * *")]
    public void Cron_expressions_follow_the_interval(int minutes, string expected) =>
        Assert.Equal(expected, CronSchedule.Expression(TimeSpan.FromMinutes(minutes)));

    [Fact]
    public void Cron_writes_one_shell_safe_line()
    {
        var plan = CronSchedule.Create(Schedule());
        var line = plan.Files.Single().Content.Split('\n')[1];
        Assert.StartsWith("*/15 * * * * /usr/bin/dotnet /opt/pwsh/pwsh.dll -NoProfile -NonInteractive -Command '$ErrorActionPreference = '\\''Stop'\\''", line);
        Assert.EndsWith(">> '/var/log/ld 100\\%.log' 2>&1", line);
        Assert.Contains("crontab -", plan.ActivationCommands("/x").Single().Last());
    }

    [Fact]
    public void Launchd_writes_a_plist_with_the_arguments_and_interval()
    {
        var plan = LaunchdSchedule.Create(Schedule(TimeSpan.FromMinutes(30)));
        var file = plan.Files.Single();
        Assert.Equal("com.leandata.outreach.ld-retry.plist", file.FileName);
        var doc = XDocument.Parse(file.Content);
        var strings = doc.Descendants("array").Single().Elements("string").Select(e => e.Value).ToList();
        Assert.Equal(["/usr/bin/dotnet", "/opt/pwsh/pwsh.dll", "-NoProfile", "-NonInteractive", "-Command", Schedule().WorkerCommand()], strings);
        var keys = doc.Descendants("key").Select(k => k.Value).ToList();
        Assert.Contains("StartInterval", keys);
        Assert.Equal("1800", doc.Descendants("integer").Single().Value);
        Assert.Contains("-//Apple//DTD PLIST 1.0//EN", file.Content);
    }

    [Fact]
    public void Task_scheduler_writes_task_xml_with_repetition_and_quoted_arguments()
    {
        var plan = TaskSchedulerSchedule.Create(Schedule(TimeSpan.FromMinutes(10)) with { Executable = [@"C:\Program Files\PowerShell\7\pwsh.exe"], StorePath = @"C:\Users\ann\store.db" },
            new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var doc = XDocument.Parse(plan.Files.Single().Content.Replace("encoding=\"UTF-16\"", ""));
        XNamespace ns = "http://schemas.microsoft.com/windows/2004/02/mit/task";
        Assert.Equal("PT10M", doc.Descendants(ns + "Interval").Single().Value);
        Assert.Equal("2026-01-02T03:04:05", doc.Descendants(ns + "StartBoundary").Single().Value);
        Assert.Equal("IgnoreNew", doc.Descendants(ns + "MultipleInstancesPolicy").Single().Value);
        Assert.Equal(@"C:\Program Files\PowerShell\7\pwsh.exe", doc.Descendants(ns + "Command").Single().Value);
        Assert.Equal("-NoProfile -NonInteractive -Command \"$ErrorActionPreference = 'Stop'; Import-Module '/opt/modules/LeanData.Outreach/LeanData.Outreach.psd1'; Start-LDRetryWorker -Once -StorePath 'C:\\Users\\ann\\store.db' | Out-String | Write-Output\"",
            doc.Descendants(ns + "Arguments").Single().Value);
        Assert.Equal(["schtasks.exe", "/Create", "/TN", "ld-retry", "/XML", System.IO.Path.Combine("C:/t", "ld-retry.xml"), "/F"], plan.ActivationCommands("C:/t").Single());
    }

    [Theory]
    [InlineData("bad name", 15)]
    [InlineData("ok", 0)]
    [InlineData("ok", 2000)]
    public void Bad_names_and_intervals_are_refused(string name, int minutes) =>
        Assert.ThrowsAny<ArgumentException>(() => ScheduleGenerator.Create(ScheduleKind.Cron, Schedule(TimeSpan.FromMinutes(minutes)) with { Name = name }));

    [Fact]
    public void Task_scheduler_quoting_follows_windows_rules()
    {
        Assert.Equal("plain", TaskSchedulerSchedule.Quote("plain"));
        Assert.Equal("\"a b\"", TaskSchedulerSchedule.Quote("a b"));
        Assert.Equal("\"say \\\"hi\\\"\"", TaskSchedulerSchedule.Quote("say \"hi\""));
        Assert.Equal("\"C:\\dir with space\\\\\"", TaskSchedulerSchedule.Quote("C:\\dir with space\\"));
    }
}
