using System.Xml.Linq;
using LeanData.Outreach.Scheduling;
using Xunit;

namespace LeanData.Outreach.Tests.Retry;

public sealed class ScheduleGeneratorTests
{
    private const string Command =
        "$ErrorActionPreference = 'Stop'; try { Import-Module 'LeanData.Outreach'; $summary = Start-LDRetryWorker -Once -StorePath '/home/ann/it''s data/store.db' -LogPath '/var/log/ld 100%.log' } " +
        "catch { [Console]::Error.WriteLine($_.ToString()); exit 3 }; exit $summary.ExitCode";

    private static WorkerSchedule Schedule(TimeSpan? interval = null, string store = "/home/ann/it's data/store.db") => new()
    {
        Name = "ld-retry",
        Interval = interval ?? TimeSpan.FromMinutes(15),
        Executable = ["/usr/bin/pwsh"],
        Module = "LeanData.Outreach",
        StorePath = store,
        LogPath = "/var/log/ld 100%.log",
        Environment = [new("LD_OUTREACH_KEYFILE", "/home/ann/keys/\"ld\" 100%.key"), new("LD_OUTREACH_STORE", store)],
        RunAs = "ann",
    };

    [Fact]
    public void The_worker_command_imports_the_module_drains_once_into_the_log_and_exits_with_the_runs_code()
    {
        Assert.Equal(Command, Schedule().WorkerCommand());
        Assert.Equal("$ErrorActionPreference = 'Stop'; $env:LD_OUTREACH_KEYFILE = '/home/ann/keys/\"ld\" 100%.key'; $env:LD_OUTREACH_STORE = '/home/ann/it''s data/store.db'; " + Command["$ErrorActionPreference = 'Stop'; ".Length..],
            Schedule().WorkerCommand(withEnvironment: true));
    }

    [Fact]
    public void Systemd_writes_a_system_unit_that_runs_as_the_user_with_the_key_and_store_variables()
    {
        var plan = SystemdSchedule.Create(Schedule(), system: true);
        Assert.Equal(ScheduleKind.Systemd, plan.Kind);
        Assert.Equal(["ld-retry.service", "ld-retry.timer"], plan.Files.Select(f => f.FileName));
        var service = plan.Files[0].Content;
        Assert.Contains("Type=oneshot\n", service);
        Assert.Contains("\nUser=ann\n", service);
        Assert.Contains("\nWants=network-online.target\nAfter=network-online.target\n", service);
        Assert.Contains("\nEnvironment=\"LD_OUTREACH_KEYFILE=/home/ann/keys/\\\"ld\\\" 100%%.key\"\n", service);
        Assert.Contains("\nEnvironment=\"LD_OUTREACH_STORE=/home/ann/it's data/store.db\"\n", service);
        Assert.Contains("ExecStart=/usr/bin/pwsh -NoProfile -NonInteractive -Command \"$$ErrorActionPreference = 'Stop'; try { Import-Module 'LeanData.Outreach'; " +
            "$$summary = Start-LDRetryWorker -Once -StorePath '/home/ann/it''s data/store.db' -LogPath '/var/log/ld 100%%.log' } catch { [Console]::Error.WriteLine($$_.ToString()); exit 3 }; exit $$summary.ExitCode\"\n", service);
        Assert.DoesNotContain("StandardOutput", service);   // the worker writes its own log
        var timer = plan.Files[1].Content;
        Assert.Contains("OnUnitActiveSec=15min\n", timer);
        Assert.Contains("Unit=ld-retry.service\n", timer);
        Assert.Contains("WantedBy=timers.target", timer);
        Assert.Equal([["install", "-m", "0644", "/tmp/s/ld-retry.service", "/tmp/s/ld-retry.timer", "/etc/systemd/system/"], ["systemctl", "daemon-reload"], ["systemctl", "enable", "--now", "ld-retry.timer"]],
            plan.ActivationCommands("/tmp/s").Select(c => c.ToArray()));
        Assert.Equal([["systemctl", "daemon-reload"], ["systemctl", "enable", "--now", "ld-retry.timer"]],
            plan.ActivationCommands("/etc/systemd/system").Select(c => c.ToArray()));
    }

    [Fact]
    public void Systemd_user_units_have_no_user_and_no_network_target_and_say_they_need_lingering()
    {
        var plan = SystemdSchedule.Create(Schedule(), system: false);
        Assert.Equal(ScheduleKind.SystemdUser, plan.Kind);
        var service = plan.Files[0].Content;
        Assert.DoesNotContain("User=", service);
        Assert.DoesNotContain("network-online.target", service);   // a user manager has no such target to wait for
        Assert.Contains("loginctl enable-linger", service);
        Assert.Contains("\nEnvironment=\"LD_OUTREACH_KEYFILE=", service);
        Assert.Equal([["systemctl", "--user", "daemon-reload"], ["systemctl", "--user", "enable", "--now", "ld-retry.timer"]],
            plan.ActivationCommands("/x").Select(c => c.ToArray()));
    }

    [Fact]
    public void A_system_unit_needs_an_account() =>
        Assert.Throws<ArgumentException>(() => SystemdSchedule.Create(Schedule() with { RunAs = null }, system: true));

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
    public void Cron_writes_one_shell_safe_line_that_sets_the_variables_and_is_marked_for_replacement()
    {
        var plan = CronSchedule.Create(Schedule());
        var line = plan.Files.Single().Content.Split('\n')[1];
        Assert.StartsWith("*/15 * * * * LD_OUTREACH_KEYFILE='/home/ann/keys/\"ld\" 100\\%.key' LD_OUTREACH_STORE='/home/ann/it'\\''s data/store.db' /usr/bin/pwsh -NoProfile -NonInteractive -Command '$ErrorActionPreference = '\\''Stop'\\''", line);
        Assert.Contains("-LogPath '\\''/var/log/ld 100\\%.log'\\''", line);
        Assert.EndsWith("exit $summary.ExitCode' # LeanData.Outreach retry worker (ld-retry)", line);
        Assert.DoesNotContain(">>", line);   // the worker writes its own log
        var activation = plan.ActivationCommands("/x").Single().Last();
        Assert.Contains("grep -vF '# LeanData.Outreach retry worker (ld-retry)'", activation);
        Assert.EndsWith("| crontab -", activation);
    }

    [Fact]
    public void Launchd_writes_a_plist_with_the_arguments_interval_and_variables()
    {
        var plan = LaunchdSchedule.Create(Schedule(TimeSpan.FromMinutes(30)));
        var file = plan.Files.Single();
        Assert.Equal("com.leandata.outreach.ld-retry.plist", file.FileName);
        var doc = XDocument.Parse(file.Content);
        var top = doc.Root!.Element("dict")!;
        var strings = top.Element("array")!.Elements("string").Select(e => e.Value).ToList();
        Assert.Equal(["/usr/bin/pwsh", "-NoProfile", "-NonInteractive", "-Command", Command], strings);
        Assert.Equal("1800", top.Element("integer")!.Value);
        var keys = top.Elements("key").Select(k => k.Value).ToList();
        Assert.Contains("StartInterval", keys);
        Assert.DoesNotContain("StandardOutPath", keys);
        var variables = top.Elements().SkipWhile(e => e.Value != "EnvironmentVariables").ElementAt(1);
        Assert.Equal(["LD_OUTREACH_KEYFILE", "/home/ann/keys/\"ld\" 100%.key", "LD_OUTREACH_STORE", "/home/ann/it's data/store.db"], variables.Elements().Select(e => e.Value));
        Assert.Contains("-//Apple//DTD PLIST 1.0//EN", file.Content);
    }

    [Fact]
    public void Task_scheduler_runs_whether_or_not_the_user_is_logged_on_and_logs_to_the_log_path()
    {
        var plan = TaskSchedulerSchedule.Create(Schedule(TimeSpan.FromMinutes(10)) with
        {
            Executable = [@"C:\Program Files\PowerShell\7\pwsh.exe"], StorePath = @"C:\Users\ann\store.db", LogPath = @"C:\Logs\ld.log",
            Environment = [new("LD_OUTREACH_STORE", @"C:\Users\ann\store.db")], RunAs = @"CORP\ann",
        }, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var doc = XDocument.Parse(plan.Files.Single().Content.Replace("encoding=\"UTF-16\"", ""));
        XNamespace ns = "http://schemas.microsoft.com/windows/2004/02/mit/task";
        Assert.Equal("PT10M", doc.Descendants(ns + "Interval").Single().Value);
        Assert.Equal("2026-01-02T03:04:05", doc.Descendants(ns + "StartBoundary").Single().Value);
        Assert.Equal("IgnoreNew", doc.Descendants(ns + "MultipleInstancesPolicy").Single().Value);
        Assert.Equal("Password", doc.Descendants(ns + "LogonType").Single().Value);
        Assert.DoesNotContain("InteractiveToken", plan.Files.Single().Content);
        Assert.Equal(@"CORP\ann", doc.Descendants(ns + "UserId").Single().Value);
        Assert.Equal(@"C:\Program Files\PowerShell\7\pwsh.exe", doc.Descendants(ns + "Command").Single().Value);
        Assert.Equal("-NoProfile -NonInteractive -Command \"$ErrorActionPreference = 'Stop'; $env:LD_OUTREACH_STORE = 'C:\\Users\\ann\\store.db'; try { Import-Module 'LeanData.Outreach'; " +
            "$summary = Start-LDRetryWorker -Once -StorePath 'C:\\Users\\ann\\store.db' -LogPath 'C:\\Logs\\ld.log' } catch { [Console]::Error.WriteLine($_.ToString()); exit 3 }; exit $summary.ExitCode\"",
            doc.Descendants(ns + "Arguments").Single().Value);
        Assert.Equal(["schtasks.exe", "/Create", "/TN", "ld-retry", "/XML", System.IO.Path.Combine("C:/t", "ld-retry.xml"), "/RU", @"CORP\ann", "/RP", "*", "/F"], plan.ActivationCommands("C:/t").Single());
        Assert.True(plan.ActivationPrompts);   // schtasks asks for the password once
    }

    [Theory]
    [InlineData("bad name", 15)]
    [InlineData("ok", 0)]
    [InlineData("ok", 2000)]
    public void Bad_names_and_intervals_are_refused(string name, int minutes) =>
        Assert.ThrowsAny<ArgumentException>(() => ScheduleGenerator.Create(ScheduleKind.Cron, Schedule(TimeSpan.FromMinutes(minutes)) with { Name = name }));

    [Theory]
    [InlineData("BAD NAME", "x")]
    [InlineData("LD_OUTREACH_KEYFILE", "two\nlines")]
    public void Variables_a_scheduler_cannot_carry_are_refused(string name, string value) =>
        Assert.Throws<ArgumentException>(() => ScheduleGenerator.Create(ScheduleKind.Systemd, Schedule() with { Environment = [new(name, value)] }));

    [Fact]
    public void Task_scheduler_quoting_follows_windows_rules()
    {
        Assert.Equal("plain", TaskSchedulerSchedule.Quote("plain"));
        Assert.Equal("\"a b\"", TaskSchedulerSchedule.Quote("a b"));
        Assert.Equal("\"say \\\"hi\\\"\"", TaskSchedulerSchedule.Quote("say \"hi\""));
        Assert.Equal("\"C:\\dir with space\\\\\"", TaskSchedulerSchedule.Quote("C:\\dir with space\\"));
    }
}
