namespace LeanData.Outreach.Sandbox.Model;

/// <summary>One prospect of a batch. States: pending, finished (enrolled), failed (<see cref="Info"/> holds the 422 detail), canceled.</summary>
public sealed class SandboxBatchItem
{
    public long Id { get; set; }
    public long BatchId { get; set; }
    public long ProspectId { get; set; }
    public string State { get; set; } = "pending";
    public bool Failed { get; set; }
    public string? Info { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
