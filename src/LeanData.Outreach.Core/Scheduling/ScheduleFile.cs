namespace LeanData.Outreach.Scheduling;

/// <summary>One file a schedule consists of: its name inside the output folder and its text.</summary>
public sealed record ScheduleFile(string FileName, string Content);
