namespace LeanData.Outreach.Sandbox.Api;

/// <summary>
/// 422 details for POST /sequenceStates and the state actions. "Outreach" marks text that Outreach is
/// publicly seen to return (reference/outreach-api-notes.md §5.3); "sandbox" marks the sandbox's own wording,
/// chosen to read like the LeanData troubleshooting table's error names.
/// </summary>
public static class EnrollmentMessages
{
    /// <summary>Outreach: permitDuplicateProspects = disallow and the prospect has any state in the sequence.</summary>
    public const string AlreadyInSequence = "Prospect has already been in this sequence";
    /// <summary>Sandbox: permitDuplicateProspects = only_if_inactive and the prospect's state in the sequence is still active.</summary>
    public const string StillActiveInSequence = "Prospect is still active in this sequence";
    /// <summary>Sandbox: sequenceExclusivity = all_sequences and the prospect is active in another sequence (or is active in an all_sequences one).</summary>
    public const string ActiveInAnotherSequence = "Prospect active in another sequence";
    /// <summary>Outreach: sequenceExclusivity = exclusive_sequences and the prospect is active in another exclusive sequence.</summary>
    public const string ActiveInAnotherExclusiveSequence = "Prospect active in another exclusive sequence";
    /// <summary>Sandbox: the prospect has opted out and the sequence has email steps.</summary>
    public const string OptedOut = "Prospect has opted out of email";
    /// <summary>Sandbox: the prospect has no email address and the sequence has email steps.</summary>
    public const string MissingEmail = "Prospect missing email address required by this sequence's email steps";
    /// <summary>Sandbox: the prospect is locked.</summary>
    public const string ProspectLocked = "Prospect is locked";
    /// <summary>Sandbox: the prospect was merged into another one (prefix; the surviving id follows).</summary>
    public const string ProspectMerged = "Prospect has been merged into prospect";
    /// <summary>Outreach text ("User is locked"); the mailbox suffix format is the sandbox's.</summary>
    public const string UserLocked = "User is locked";
    /// <summary>Outreach text ("User not the owner"); the mailbox suffix format is the sandbox's.</summary>
    public const string UserNotOwner = "User not the owner";
    /// <summary>Sandbox: the mailbox has sending disabled (mailbox suffix follows).</summary>
    public const string MailboxSendDisabled = "Mailbox does not have send enabled";
    /// <summary>Sandbox: the mailbox's send credentials are invalid (mailbox suffix follows).</summary>
    public const string MailboxInvalidCredentials = "Mailbox has invalid send credentials";
    /// <summary>Sandbox: an email sequence was given no mailbox.</summary>
    public const string MailboxRequired = "Mailbox can't be blank for a sequence with email steps";
    /// <summary>Sandbox: prefix of the pause/resume/finish guard failures ("Cannot transition to requested state" is reported publicly).</summary>
    public const string CannotTransition = "Cannot transition to requested state";

    public static string ForMailbox(string message, long mailboxId) => $"{message} (mailbox ID {mailboxId})";
}
