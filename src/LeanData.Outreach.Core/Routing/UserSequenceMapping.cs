namespace LeanData.Outreach.Routing;

/// <summary>
/// One Outreach user's primary sequence: records that user owns (or sends for) route to this sequence when
/// Add to Sequence runs in user-mapped mode. Names are as the catalog cache knew them when the map was set.
/// </summary>
public sealed record UserSequenceMapping(
    long UserId,
    string? UserName,
    string? UserEmail,
    long SequenceId,
    string? SequenceName,
    DateTimeOffset UpdatedAt);
