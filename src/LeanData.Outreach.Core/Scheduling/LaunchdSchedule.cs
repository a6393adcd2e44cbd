using System.Globalization;
using System.Xml.Linq;

namespace LeanData.Outreach.Scheduling;

/// <summary>A launchd agent (~/Library/LaunchAgents) that runs the worker every interval, with the variables it needs (launchd passes almost none).</summary>
public static class LaunchdSchedule
{
    public static SchedulePlan Create(WorkerSchedule schedule)
    {
        schedule.Validated();
        var label = Label(schedule);
        var dict = new XElement("dict",
            new XElement("key", "Label"), new XElement("string", label),
            new XElement("key", "ProgramArguments"),
            new XElement("array", new[] { schedule.Executable[0] }.Concat(schedule.Arguments()).Select(a => new XElement("string", a))),
            new XElement("key", "StartInterval"), new XElement("integer", ((long)schedule.Interval.TotalSeconds).ToString(CultureInfo.InvariantCulture)),
            new XElement("key", "RunAtLoad"), new XElement("true"),
            new XElement("key", "ProcessType"), new XElement("string", "Background"));
        if (schedule.Environment.Count > 0)
        {
            var variables = new XElement("dict");
            foreach (var (key, value) in schedule.Environment) variables.Add(new XElement("key", key), new XElement("string", value));
            dict.Add(new XElement("key", "EnvironmentVariables"), variables);
        }
        var document = new XDocument(new XDeclaration("1.0", "UTF-8", null),
            new XDocumentType("plist", "-//Apple//DTD PLIST 1.0//EN", "http://www.apple.com/DTDs/PropertyList-1.0.dtd", null),
            new XElement("plist", new XAttribute("version", "1.0"), dict));
        var content = document.Declaration + "\n" + document.ToString() + "\n";
        var file = label + ".plist";
        return new SchedulePlan(ScheduleKind.Launchd, [new ScheduleFile(file, content)],
            folder => [["launchctl", "unload", Path.Combine(folder, file)], ["launchctl", "load", "-w", Path.Combine(folder, file)]]);
    }

    public static string Label(WorkerSchedule schedule) =>
        schedule.Name.Contains('.', StringComparison.Ordinal) ? schedule.Name : "com.leandata.outreach." + schedule.Name;
}
