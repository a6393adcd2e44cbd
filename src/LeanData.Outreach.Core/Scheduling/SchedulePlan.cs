namespace LeanData.Outreach.Scheduling;

/// <summary>The files to write and the commands that activate them (run by Register-LDRetryWorker, or by an admin).</summary>
public sealed record SchedulePlan(ScheduleKind Kind, IReadOnlyList<ScheduleFile> Files, Func<string, IReadOnlyList<IReadOnlyList<string>>> ActivationCommands);
