using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace LeanData.Outreach.Scheduling;

/// <summary>
/// A Windows Task Scheduler task (XML for schtasks /Create /XML) repeating every interval, never two runs at once, that
/// runs whether or not the user is logged on: LogonType Password (schtasks asks for it once and Windows keeps it), because
/// an S4U task has no access to the user's DPAPI keys, which protect the store's secrets.
/// </summary>
public static class TaskSchedulerSchedule
{
    private static readonly XNamespace Ns = "http://schemas.microsoft.com/windows/2004/02/mit/task";

    public static SchedulePlan Create(WorkerSchedule schedule, DateTimeOffset? start = null)
    {
        schedule.Validated();
        if (string.IsNullOrWhiteSpace(schedule.RunAs))
            throw new ArgumentException("A task that runs while nobody is logged on needs its account (DOMAIN\\user).", nameof(schedule.RunAs));
        var begin = (start ?? DateTimeOffset.Now).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var document = new XDocument(
            new XElement(Ns + "Task", new XAttribute("version", "1.4"),
                new XElement(Ns + "RegistrationInfo",
                    new XElement(Ns + "Description", "LeanData.Outreach retry worker: drains due Pending actions once (Start-LDRetryWorker -Once)."),
                    new XElement(Ns + "URI", "\\" + schedule.Name)),
                new XElement(Ns + "Triggers",
                    new XElement(Ns + "TimeTrigger",
                        new XElement(Ns + "Repetition",
                            new XElement(Ns + "Interval", XmlConvert.ToString(schedule.Interval)),
                            new XElement(Ns + "StopAtDurationEnd", "false")),
                        new XElement(Ns + "StartBoundary", begin),
                        new XElement(Ns + "Enabled", "true"))),
                new XElement(Ns + "Principals",
                    new XElement(Ns + "Principal", new XAttribute("id", "Author"),
                        new XElement(Ns + "UserId", schedule.RunAs),
                        new XElement(Ns + "LogonType", "Password"),
                        new XElement(Ns + "RunLevel", "LeastPrivilege"))),
                new XElement(Ns + "Settings",
                    new XElement(Ns + "MultipleInstancesPolicy", "IgnoreNew"),
                    new XElement(Ns + "DisallowStartIfOnBatteries", "false"),
                    new XElement(Ns + "StopIfGoingOnBatteries", "false"),
                    new XElement(Ns + "StartWhenAvailable", "true"),
                    new XElement(Ns + "RunOnlyIfNetworkAvailable", "true"),
                    new XElement(Ns + "ExecutionTimeLimit", "PT1H"),
                    new XElement(Ns + "Enabled", "true")),
                new XElement(Ns + "Actions", new XAttribute("Context", "Author"),
                    new XElement(Ns + "Exec",
                        new XElement(Ns + "Command", schedule.Executable[0]),
                        new XElement(Ns + "Arguments", string.Join(' ', schedule.Arguments(withEnvironment: true).Select(Quote)))))));
        var content = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n" + document.Root!.ToString() + "\n";
        var file = schedule.Name + ".xml";
        return new SchedulePlan(ScheduleKind.TaskScheduler, [new ScheduleFile(file, content)],
            folder => [["schtasks.exe", "/Create", "/TN", schedule.Name, "/XML", Path.Combine(folder, file), "/RU", schedule.RunAs, "/RP", "*", "/F"]],
            ActivationPrompts: true);
    }

    /// <summary>Windows command-line quoting (CommandLineToArgvW rules).</summary>
    public static string Quote(string argument)
    {
        if (argument.Length > 0 && argument.All(c => !char.IsWhiteSpace(c) && c != '"')) return argument;
        var sb = new StringBuilder("\"");
        var backslashes = 0;
        foreach (var c in argument)
        {
            if (c == '\\') { backslashes++; continue; }
            if (c == '"') sb.Append('\\', backslashes * 2 + 1).Append('"');
            else sb.Append('\\', backslashes).Append(c);
            backslashes = 0;
        }
        return sb.Append('\\', backslashes * 2).Append('"').ToString();
    }
}
