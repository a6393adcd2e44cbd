using LeanData.Outreach.Outreach;

namespace LeanData.Outreach.Store;

/// <summary>The new state of an action after a run, with the attempts and callouts it made.</summary>
public sealed record ActionCompletion(ActionRow Action, IReadOnlyList<AttemptRow> Attempts, IReadOnlyList<CalloutRecord> Callouts);
