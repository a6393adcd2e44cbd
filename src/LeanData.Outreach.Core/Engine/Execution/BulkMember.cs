using LeanData.Outreach.Store;

namespace LeanData.Outreach.Engine.Execution;

/// <summary>A stored action offered to the bulk path. <see cref="CheckExisting"/>: an earlier attempt's outcome is unknown, so it is looked up first.</summary>
public sealed record BulkMember(ActionRow Action, bool CheckExisting);
