using LeanData.Outreach.Outreach.Model;

namespace LeanData.Outreach.Catalog;

/// <summary>
/// The users the catalog knows when users.read is not granted: each mailbox names its user, and the identity
/// call names the authorizing user. Such users have no name (unless the identity gives one) and are not known
/// to be locked; each one's default mailbox is their first mailbox.
/// </summary>
public static class MailboxUsers
{
    public static IReadOnlyList<OutreachUserInfo> From(IReadOnlyList<MailboxInfo> mailboxes, OutreachIdentity? identity)
    {
        var users = mailboxes
            .Where(m => m.UserId is not null)
            .GroupBy(m => m.UserId!.Value)
            .Select(g =>
            {
                var first = g.OrderBy(m => m.Id).First();
                var isIdentity = identity?.UserId == g.Key;
                return new OutreachUserInfo(g.Key, isIdentity ? identity!.UserName : null, isIdentity ? identity!.UserEmail ?? first.Email : first.Email,
                    Locked: false, first.Id);
            })
            .ToList();
        if (identity?.UserId is { } id && users.All(u => u.Id != id))
            users.Add(new OutreachUserInfo(id, identity.UserName, identity.UserEmail, Locked: false, DefaultMailboxId: null));
        return users.OrderBy(u => u.Id).ToList();
    }
}
