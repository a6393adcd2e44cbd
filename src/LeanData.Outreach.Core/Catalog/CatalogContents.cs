namespace LeanData.Outreach.Catalog;

/// <summary>
/// A fetched catalog snapshot. A null list means "not fetched": <see cref="CatalogRepository.ReplaceSnapshot"/>
/// leaves that table as it is.
/// </summary>
public sealed record CatalogContents(
    IReadOnlyList<SequenceInfo>? Sequences,
    IReadOnlyList<OutreachUserInfo>? Users,
    IReadOnlyList<MailboxInfo>? Mailboxes,
    DateTimeOffset RefreshedAt)
{
    public CatalogKinds Kinds =>
        (Sequences is null ? CatalogKinds.None : CatalogKinds.Sequences)
        | (Users is null ? CatalogKinds.None : CatalogKinds.Users)
        | (Mailboxes is null ? CatalogKinds.None : CatalogKinds.Mailboxes);
}
