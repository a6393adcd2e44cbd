using LeanData.Outreach.Outreach;
using LeanData.Outreach.Store;

namespace LeanData.Outreach.Engine.Execution;

/// <summary>
/// What the bulk path did with one member: a <see cref="Final"/> state, or <see cref="Continue"/> — the action (attempts
/// counted) to send on the per-record path, with or without a lookup first. Attempts and callouts are the bulk ones it took part in.
/// </summary>
public sealed class BulkVerdict
{
    public ActionRow? Final { get; set; }
    public ActionRow? Continue { get; set; }
    public bool CheckExistingAfter { get; set; }
    public List<AttemptRow> Attempts { get; } = [];
    public List<CalloutRecord> Callouts { get; } = [];
}
