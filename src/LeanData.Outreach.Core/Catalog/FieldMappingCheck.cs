namespace LeanData.Outreach.Catalog;

/// <summary>
/// What Test-LDFieldMapping found on one sample record: the object type, the mapped field, whether the record
/// has it, its value, whether that looks like an Outreach id, and (with -Online) whether Outreach knows the id.
/// </summary>
public sealed record FieldMappingCheck(
    int Index,
    string? RecordId,
    string ObjectType,
    string? Field,
    bool FieldPresent,
    string? Value,
    long? OutreachId,
    bool? ExistsInOutreach,
    bool Passed,
    string Detail,
    string? RecommendedAction)
{
    public bool LooksLikeOutreachId => OutreachId is not null;
}
