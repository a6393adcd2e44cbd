namespace LeanData.Outreach.Catalog;

/// <summary>
/// An Outreach user with the mailbox that sends as them (their default mailbox): what the reference document's
/// "Specific User" list shows. <see cref="Usable"/> when that mailbox has sending and syncing enabled.
/// Binds by property name: UserId / Id for -User, MailboxId for -Mailbox.
/// </summary>
public sealed record OutreachSender(
    long Id,
    string? Name,
    string? Email,
    bool Locked,
    long? MailboxId,
    string? MailboxEmail,
    bool SendEnabled,
    bool SyncEnabled,
    bool SendCredentialsValid)
{
    public long UserId => Id;

    /// <summary>Mailbox Send and Sync enabled (the reference document's condition for the Specific User list).</summary>
    public bool Usable => MailboxId is not null && SendEnabled && SyncEnabled;

    /// <summary>Why Outreach would refuse to send as this user (null when nothing stands in the way).</summary>
    public string? CannotSendReason =>
        Locked ? "user locked"
        : MailboxId is null ? "no mailbox"
        : !SendEnabled ? "mailbox send disabled"
        : !SyncEnabled ? "mailbox sync disabled"
        : !SendCredentialsValid ? "invalid send credentials"
        : null;

    public static OutreachSender From(OutreachUserInfo user, MailboxInfo? mailbox) =>
        new(user.Id, user.Name, user.Email, user.Locked, mailbox?.Id, mailbox?.Email,
            mailbox?.SendEnabled ?? false, mailbox?.SyncEnabled ?? false, mailbox?.SendCredentialsValid ?? false);
}
