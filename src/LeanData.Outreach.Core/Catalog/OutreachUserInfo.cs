namespace LeanData.Outreach.Catalog;

/// <summary>An Outreach user and the mailbox that sends as them by default.</summary>
public sealed record OutreachUserInfo(long Id, string? Name, string? Email, bool Locked, long? DefaultMailboxId)
{
    /// <summary>The same as <see cref="Id"/>, so the object binds by property name to -UserId parameters.</summary>
    public long UserId => Id;
}
