namespace LeanData.Outreach.Logs;

/// <summary>What Get-LDPartnerLog asks for; every filter runs in SQL.</summary>
public sealed record PartnerLogFilter
{
    public IReadOnlyList<string> NodeNames { get; init; } = [];
    public IReadOnlyList<string> RecordIds { get; init; } = [];
    public IReadOnlyList<string> FailureReasons { get; init; } = [];
    public IReadOnlyList<PartnerLogStatus> Statuses { get; init; } = [];
    public DateTimeOffset? Since { get; init; }
    public DateTimeOffset? Until { get; init; }
    public int? First { get; init; }
}
