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

    /// <summary>A bulk request for this member was answered with the authorization accepted (its POST, or a lookup).</summary>
    public bool Authorized { get; set; }

    /// <summary>A bulk request for this member was refused because the authorization is not valid (<see cref="OutreachFailure.InvalidatesAuthorization"/>).</summary>
    public OutreachFailure? AuthorizationRefused { get; set; }
    public List<AttemptRow> Attempts { get; } = [];
    public List<CalloutRecord> Callouts { get; } = [];
}
