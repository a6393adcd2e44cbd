namespace LeanData.Outreach.Routing;

/// <summary>What routing insights group Add to Sequence actions by.</summary>
public enum RoutingDimension
{
    Node,
    Sequence,
    User,
    Mailbox,
    Outcome,
    ErrorCategory,
    Edge,
    Day,
}
