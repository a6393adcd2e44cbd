namespace LeanData.Outreach.Outcomes;

/// <summary>How an action's enrollment was sent: one POST /sequenceStates for the record, or as one of many in a Bulk API action.</summary>
public enum SendPath
{
    Single,
    Bulk,
}
