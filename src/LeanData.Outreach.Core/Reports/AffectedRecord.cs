namespace LeanData.Outreach.Reports;

/// <summary>One action in a failure category's top-N list: the record, where it was routed, and what Outreach said.</summary>
public sealed record AffectedRecord(
    long ActionId,
    string? RecordId,
    string? RecordType,
    string NodeName,
    string? SequenceName,
    string Outcome,
    DateTimeOffset CreatedAt,
    string? Message);
