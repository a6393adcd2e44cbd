namespace LeanData.Outreach.Catalog;

/// <summary>An Outreach mailbox with the two toggles the reference document requires ("Enable sending" and "Enable syncing").</summary>
public sealed record MailboxInfo(long Id, long? UserId, string? Email, bool SendEnabled, bool SyncEnabled, bool SendCredentialsValid = true)
{
    public bool UsableForSequences => SendEnabled && SyncEnabled;

    /// <summary>The same as <see cref="Id"/>, so the object binds by property name to -MailboxId parameters.</summary>
    public long MailboxId => Id;
}
