namespace LeanData.Outreach.Logs;

/// <summary>
/// What Get-LDAuditLog asks for. Every filter runs in SQL. Text filters accept PowerShell wildcards
/// (* and ?); Sequence matches the sequence name or its numeric id.
/// </summary>
public sealed record AuditLogFilter
{
    public IReadOnlyList<AuditOutcome> Outcomes { get; init; } = [];
    public IReadOnlyList<string> NodeNames { get; init; } = [];
    public IReadOnlyList<string> RecordIds { get; init; } = [];
    public IReadOnlyList<string> Sequences { get; init; } = [];
    public IReadOnlyList<string> ErrorCategories { get; init; } = [];
    public IReadOnlyList<string> Edges { get; init; } = [];
    public IReadOnlyList<long> ActionIds { get; init; } = [];
    public DateTimeOffset? Since { get; init; }
    public DateTimeOffset? Until { get; init; }
    public int? First { get; init; }
    public bool Descending { get; init; }
}
