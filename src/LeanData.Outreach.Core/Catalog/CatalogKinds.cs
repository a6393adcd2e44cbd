namespace LeanData.Outreach.Catalog;

/// <summary>Which cached catalogs an operation covers. Users and mailboxes are fetched together (a user's default mailbox joins them).</summary>
[Flags]
public enum CatalogKinds
{
    None = 0,
    Sequences = 1,
    Users = 2,
    Mailboxes = 4,
    UsersAndMailboxes = Users | Mailboxes,
    All = Sequences | Users | Mailboxes,
}
