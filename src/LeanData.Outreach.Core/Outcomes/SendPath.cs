namespace LeanData.Outreach.Outcomes;

/// <summary>How an action's enrollment was sent: one POST /sequenceStates for the record, or as one of many in a Bulk API action.</summary>
/// <remarks>Starts at 1 and is long-based for the reasons given on <see cref="ActionEdge"/> (PowerShell truthiness, JSON by name). Stored by name.</remarks>
public enum SendPath : long
{
    Single = 1,
    Bulk,
}
