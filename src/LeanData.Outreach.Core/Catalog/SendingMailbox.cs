namespace LeanData.Outreach.Catalog;

/// <summary>The one rule for which mailbox sends as an Outreach user.</summary>
public static class SendingMailbox
{
    /// <summary>
    /// The user's default mailbox when the catalog has it; else their first mailbox (by id) with sending and
    /// syncing on; else their first mailbox. Null when the user owns none.
    /// </summary>
    public static MailboxInfo? For(OutreachUserInfo? user, Func<long, MailboxInfo?> findMailbox, IEnumerable<MailboxInfo> ownedByUser)
    {
        if (user?.DefaultMailboxId is { } defaultId && findMailbox(defaultId) is { } mailbox) return mailbox;
        var owned = ownedByUser.OrderBy(m => m.Id).ToList();
        return owned.FirstOrDefault(m => m.UsableForSequences) ?? owned.FirstOrDefault();
    }
}
