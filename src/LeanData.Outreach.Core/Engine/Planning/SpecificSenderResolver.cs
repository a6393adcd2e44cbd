using System.Globalization;
using LeanData.Outreach.Catalog;

namespace LeanData.Outreach.Engine.Planning;

/// <summary>
/// Turns -User into a sender: an <see cref="OutreachUserInfo"/> or <see cref="MailboxInfo"/>, or a user id,
/// user email, user name, mailbox id or mailbox email. A user sends from their default mailbox. Ids are
/// tried as users first, then as mailboxes.
/// </summary>
public static class SpecificSenderResolver
{
    public static SenderSpec Resolve(object spec, CatalogSnapshot catalog) => spec switch
    {
        OutreachUserInfo user => FromUser(user.Id, catalog),
        MailboxInfo mailbox => FromMailbox(mailbox.Id, catalog),
        SenderSpec sender => sender,
        long id => FromId(id, catalog),
        int id => FromId(id, catalog),
        string text => FromText(text.Trim(), catalog),
        _ => throw new SenderResolutionException($"-User accepts an Outreach user or mailbox (object, id, email or name), not a {spec.GetType().Name}."),
    };

    private static SenderSpec FromText(string text, CatalogSnapshot catalog)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return FromId(id, catalog);
        if (text.Contains('@'))
        {
            var user = catalog.Users.FirstOrDefault(u => string.Equals(u.Email, text, StringComparison.OrdinalIgnoreCase));
            if (user is not null) return FromUser(user.Id, catalog);
            var mailbox = catalog.Mailboxes.FirstOrDefault(m => string.Equals(m.Email, text, StringComparison.OrdinalIgnoreCase));
            if (mailbox is not null) return FromMailbox(mailbox.Id, catalog);
            throw new SenderResolutionException($"No Outreach user or mailbox has the email '{text}'. Run Get-LDOutreachUser to list them (or refresh the catalog with Connect-LDOutreach).");
        }
        var named = catalog.Users.Where(u => string.Equals(u.Name, text, StringComparison.OrdinalIgnoreCase)).ToList();
        return named.Count switch
        {
            1 => FromUser(named[0].Id, catalog),
            0 => throw new SenderResolutionException($"No Outreach user is named '{text}'. Give a user id, email or name, or a mailbox id or email."),
            _ => throw new SenderResolutionException($"{named.Count} Outreach users are named '{text}' (ids {string.Join(", ", named.Select(u => u.Id))}). Give the user id or email instead."),
        };
    }

    private static SenderSpec FromId(long id, CatalogSnapshot catalog)
    {
        if (catalog.FindUser(id) is not null) return FromUser(id, catalog);
        if (catalog.FindMailbox(id) is not null) return FromMailbox(id, catalog);
        throw new SenderResolutionException($"Outreach id {id} is neither a user nor a mailbox in the catalog. Refresh the catalog (Connect-LDOutreach) or check the id.");
    }

    private static SenderSpec FromUser(long userId, CatalogSnapshot catalog)
    {
        var user = catalog.FindUser(userId) ?? throw new SenderResolutionException($"Outreach user {userId} is not in the catalog. Refresh the catalog (Connect-LDOutreach) or check the id.");
        var mailbox = catalog.DefaultMailboxFor(userId)
            ?? throw new SenderResolutionException($"Outreach user {userId} ({user.Name ?? user.Email}) has no mailbox. Set one up with sending and syncing enabled in Outreach.");
        return new SenderSpec(userId, mailbox.Id, mailbox.Email);
    }

    private static SenderSpec FromMailbox(long mailboxId, CatalogSnapshot catalog)
    {
        var mailbox = catalog.FindMailbox(mailboxId)!;
        if (mailbox.UserId is not { } userId)
            throw new SenderResolutionException($"Outreach mailbox {mailboxId} ({mailbox.Email}) belongs to no user, so it cannot send sequence emails.");
        return new SenderSpec(userId, mailbox.Id, mailbox.Email);
    }
}
