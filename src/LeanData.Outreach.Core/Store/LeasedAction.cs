namespace LeanData.Outreach.Store;

/// <summary>A Pending action claimed by a worker. <see cref="PreviousOwner"/> is set when an expired lease was taken over (its holder may have crashed mid-send).</summary>
public sealed record LeasedAction(long Id, int Attempts, DateTimeOffset? NextAttemptAt, string? PreviousOwner)
{
    public bool TakenOver => PreviousOwner is not null;
}
