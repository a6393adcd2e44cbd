namespace LeanData.Outreach.Scheduling;

/// <summary>
/// The files to write and the commands that activate them (run by Register-LDRetryWorker, or by an admin).
/// <see cref="ActivationPrompts"/>: an activation command asks the admin something (the task account's password),
/// so it must run attached to the console.
/// </summary>
public sealed record SchedulePlan(ScheduleKind Kind, IReadOnlyList<ScheduleFile> Files, Func<string, IReadOnlyList<IReadOnlyList<string>>> ActivationCommands,
    bool ActivationPrompts = false);
