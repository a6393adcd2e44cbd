namespace LeanData.Outreach.Catalog;

/// <summary>
/// An Outreach sequence as the module needs it. Only sequences shared with the org ("Others can see it and
/// use it", shareType "shared") are usable for Add to Sequence.
/// </summary>
public sealed record SequenceInfo(
    long Id,
    string Name,
    bool Enabled,
    bool Locked,
    string ShareType,
    long? OwnerUserId,
    long? RulesetId,
    bool HasEmailStep,
    string? PermitDuplicateProspects,
    string? SequenceExclusivity)
{
    public bool IsShared => string.Equals(ShareType, "shared", StringComparison.OrdinalIgnoreCase);

    /// <summary>Usable for Add to Sequence: shared with the org. Private and read-only sequences are not.</summary>
    public bool Usable => IsShared;

    /// <summary>The same as <see cref="Id"/>, so the object binds by property name to -SequenceId parameters.</summary>
    public long SequenceId => Id;
}
