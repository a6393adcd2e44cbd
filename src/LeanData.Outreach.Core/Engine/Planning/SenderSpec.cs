namespace LeanData.Outreach.Engine.Planning;

/// <summary>A resolved sender: the Outreach user and the mailbox that sends as them.</summary>
public sealed record SenderSpec(long UserId, long MailboxId, string? MailboxEmail = null);
