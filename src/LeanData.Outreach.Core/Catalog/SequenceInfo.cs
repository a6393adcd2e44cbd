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

    /// <summary>
    /// Usable for Add to Sequence: shared with the org and enabled. The one rule every cmdlet applies (listing,
    /// completion, planning, the user-sequence map), so Get-LDSequence never offers what Invoke-LDAddToSequence refuses.
    /// </summary>
    public bool Usable => IsShared && Enabled;

    /// <summary>Why the sequence is not <see cref="Usable"/> ("not shared with the org (share type 'private') and disabled"), or null.</summary>
    public string? UnusableReason => Usable ? null : string.Join(" and ", new[]
    {
        IsShared ? null : $"not shared with the org (share type '{ShareType}')",
        Enabled ? null : "disabled",
    }.Where(r => r is not null));

    /// <summary>The same as <see cref="Id"/>, so the object binds by property name to -SequenceId parameters.</summary>
    public long SequenceId => Id;
}
