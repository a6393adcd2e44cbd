using System.Globalization;
using LeanData.Outreach.Catalog;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Routing;
using LeanData.Outreach.Store;

namespace LeanData.Outreach.Engine.Planning;

/// <summary>
/// The one resolver of what an admin names: Outreach users and sequences (the user-sequence map, -Sequence,
/// Get-LDSequenceState) against the catalog cache, and -User senders (a user or a mailbox) against a run's catalog
/// snapshot. An unknown id, an unknown or ambiguous name, or a sequence not shared with the org is refused with the
/// catalog's error id (<see cref="CatalogResolutionException"/>). Without a cached catalog, ids are accepted as given
/// and names are refused.
/// </summary>
public sealed class CatalogResolver(CatalogRepository catalog)
{
    private const string RefreshRemedy = "Refresh the catalog (Get-LDSequence -Refresh, Get-LDOutreachUser -Refresh) and use an id or exact name it lists.";

    public (long Id, string? Name, string? Email) ResolveUser(MapReference user)
    {
        if (user.Id is { } id)
        {
            RequirePositive(id, "user");
            if (!catalog.HasUsers) return (id, null, null);
            var found = catalog.GetUser(id)
                ?? throw new CatalogResolutionException(ErrorCatalog.UserNotFound, FailureCategory.ResourceNotFound,
                    $"Outreach user {id} is not in the user catalog.", RefreshRemedy);
            return (found.Id, found.Name, found.Email);
        }
        if (!catalog.HasUsers)
            throw new CatalogResolutionException(ErrorCatalog.UserNotFound, FailureCategory.ResourceNotFound,
                $"User {user} is a name, but the user catalog is empty, so it cannot be looked up.",
                "Give the Outreach user id, or fill the catalog first (Get-LDOutreachUser -Refresh).");
        var matches = catalog.FindUsers(user.Text!);
        return matches.Count switch
        {
            1 => (matches[0].Id, matches[0].Name, matches[0].Email),
            0 => throw new CatalogResolutionException(ErrorCatalog.UserNotFound, FailureCategory.ResourceNotFound,
                $"No Outreach user in the catalog has the email or name {user}.", RefreshRemedy),
            _ => throw new CatalogResolutionException(ErrorCatalog.UserAmbiguous, FailureCategory.GeneralValidationError,
                $"{matches.Count} Outreach users match {user} (ids {string.Join(", ", matches.Select(m => m.Id))}).", "Give the Outreach user id instead."),
        };
    }

    /// <param name="sequence">The sequence's id or exact name.</param>
    /// <param name="requireUsable">Refuse sequences not shared with the org (they cannot take Add to Sequence).</param>
    public (long Id, string? Name) ResolveSequence(MapReference sequence, bool requireUsable = true)
    {
        SequenceInfo found;
        if (sequence.Id is { } id)
        {
            RequirePositive(id, "sequence");
            if (!catalog.HasSequences) return (id, null);
            found = catalog.GetSequence(id)
                ?? throw new CatalogResolutionException(ErrorCatalog.SequenceNotFound, FailureCategory.ResourceNotFound,
                    $"Sequence {id} is not in the sequence catalog.", RefreshRemedy);
        }
        else
        {
            if (!catalog.HasSequences)
                throw new CatalogResolutionException(ErrorCatalog.SequenceNotFound, FailureCategory.ResourceNotFound,
                    $"Sequence {sequence} is a name, but the sequence catalog is empty, so it cannot be looked up.",
                    "Give the sequence id, or fill the catalog first (Get-LDSequence -Refresh).");
            var matches = catalog.FindSequencesByName(sequence.Text!);
            found = matches.Count switch
            {
                1 => matches[0],
                0 => throw new CatalogResolutionException(ErrorCatalog.SequenceNotFound, FailureCategory.ResourceNotFound,
                    $"No sequence in the catalog is named {sequence}.", RefreshRemedy),
                _ => throw new CatalogResolutionException(ErrorCatalog.SequenceAmbiguous, FailureCategory.GeneralValidationError,
                    $"{matches.Count} sequences are named {sequence} (ids {string.Join(", ", matches.Select(m => m.Id))}).", "Give the sequence id instead."),
            };
        }
        if (requireUsable && !found.Usable)
            throw new CatalogResolutionException(ErrorCatalog.Definition(FailureCategory.SequenceNotUsable), FailureCategory.SequenceNotUsable,
                $"Sequence {found.Id} ('{found.Name}') is {found.UnusableReason}, so Add to Sequence cannot use it.");
        return (found.Id, found.Name);
    }

    private static void RequirePositive(long id, string what)
    {
        if (id <= 0)
            throw new CatalogResolutionException(ErrorCatalog.InvalidOutreachId, FailureCategory.InvalidRecord, $"{id} is not an Outreach {what} id (a positive whole number).",
                $"Give a positive Outreach {what} id or its name.");
    }

    /// <summary>
    /// -User as a sender: an <see cref="OutreachUserInfo"/> or <see cref="MailboxInfo"/>, or a user id, email or name, or a
    /// mailbox id or email. A user sends from their default mailbox. Ids are tried as users first, then as mailboxes.
    /// </summary>
    public static SenderSpec ResolveSender(object spec, CatalogSnapshot snapshot) => spec switch
    {
        OutreachUserInfo user => SenderFromUser(user.Id, snapshot),
        MailboxInfo mailbox => SenderFromMailbox(mailbox.Id, snapshot),
        SenderSpec sender => sender,
        long id => SenderFromId(id, snapshot),
        int id => SenderFromId(id, snapshot),
        string text => SenderFromText(text.Trim(), snapshot),
        _ => throw new CatalogResolutionException(ErrorCatalog.UserNotFound, FailureCategory.ResourceNotFound,
            $"-User accepts an Outreach user or mailbox (object, id, email or name), not a {spec.GetType().Name}.", SenderRemedy),
    };

    private const string SenderRemedy = "Run Get-LDOutreachUser to list users and mailboxes (or refresh the catalog with Get-LDOutreachUser -Refresh).";

    private static SenderSpec SenderFromText(string text, CatalogSnapshot snapshot)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return SenderFromId(id, snapshot);
        if (text.Contains('@'))
        {
            var user = snapshot.Users.FirstOrDefault(u => string.Equals(u.Email, text, StringComparison.OrdinalIgnoreCase));
            if (user is not null) return SenderFromUser(user.Id, snapshot);
            var mailbox = snapshot.Mailboxes.FirstOrDefault(m => string.Equals(m.Email, text, StringComparison.OrdinalIgnoreCase));
            if (mailbox is not null) return SenderFromMailbox(mailbox.Id, snapshot);
            throw new CatalogResolutionException(ErrorCatalog.UserNotFound, FailureCategory.ResourceNotFound,
                $"No Outreach user or mailbox has the email '{text}'.", SenderRemedy);
        }
        var named = snapshot.Users.Where(u => string.Equals(u.Name, text, StringComparison.OrdinalIgnoreCase)).ToList();
        return named.Count switch
        {
            1 => SenderFromUser(named[0].Id, snapshot),
            0 => throw new CatalogResolutionException(ErrorCatalog.UserNotFound, FailureCategory.ResourceNotFound,
                $"No Outreach user is named '{text}'. Give a user id, email or name, or a mailbox id or email.", SenderRemedy),
            _ => throw new CatalogResolutionException(ErrorCatalog.UserAmbiguous, FailureCategory.GeneralValidationError,
                $"{named.Count} Outreach users are named '{text}' (ids {string.Join(", ", named.Select(u => u.Id))}).", "Give the Outreach user id or email instead."),
        };
    }

    private static SenderSpec SenderFromId(long id, CatalogSnapshot snapshot)
    {
        if (snapshot.FindUser(id) is not null) return SenderFromUser(id, snapshot);
        if (snapshot.FindMailbox(id) is not null) return SenderFromMailbox(id, snapshot);
        throw new CatalogResolutionException(ErrorCatalog.UserNotFound, FailureCategory.ResourceNotFound,
            $"Outreach id {id} is neither a user nor a mailbox in the catalog.", SenderRemedy);
    }

    private static SenderSpec SenderFromUser(long userId, CatalogSnapshot snapshot)
    {
        var user = snapshot.FindUser(userId) ?? throw new CatalogResolutionException(ErrorCatalog.UserNotFound, FailureCategory.ResourceNotFound,
            $"Outreach user {userId} is not in the catalog.", SenderRemedy);
        var mailbox = snapshot.DefaultMailboxFor(userId)
            ?? throw new CatalogResolutionException(ErrorCatalog.OutreachUserMailboxNotUsable, FailureCategory.ConfigurationError,
                $"Outreach user {userId} ({user.Name ?? user.Email}) has no mailbox that can send.", "Set one up with sending and syncing enabled in Outreach.");
        return new SenderSpec(userId, mailbox.Id, mailbox.Email);
    }

    private static SenderSpec SenderFromMailbox(long mailboxId, CatalogSnapshot snapshot)
    {
        var mailbox = snapshot.FindMailbox(mailboxId)!;
        if (mailbox.UserId is not { } userId)
            throw new CatalogResolutionException(ErrorCatalog.OutreachUserMailboxNotUsable, FailureCategory.ConfigurationError,
                $"Outreach mailbox {mailboxId} ({mailbox.Email}) belongs to no user, so it cannot send sequence emails.", "Give a mailbox that belongs to an Outreach user.");
        return new SenderSpec(userId, mailbox.Id, mailbox.Email);
    }
}
