namespace LeanData.Outreach.Outreach.Model;

/// <summary>
/// A Bulk API batch. <see cref="State"/> runs pending → confirming → finished / failed / canceled (a secondary source;
/// read leniently: any state but pending, confirming and processing counts as done).
/// </summary>
public sealed record OutreachBatch(long Id, string? State, int Total, int Pending, int Failures, DateTimeOffset? CreatedAt, string? Error)
{
    public bool IsDone => State is not null && !string.Equals(State, "pending", StringComparison.OrdinalIgnoreCase)
        && !string.Equals(State, "confirming", StringComparison.OrdinalIgnoreCase)
        && !string.Equals(State, "processing", StringComparison.OrdinalIgnoreCase);

    public bool Finished => string.Equals(State, "finished", StringComparison.OrdinalIgnoreCase);
}
