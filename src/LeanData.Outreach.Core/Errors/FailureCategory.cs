namespace LeanData.Outreach.Errors;

/// <summary>
/// Every way an Add to Sequence action can fail or branch. The name is the stable error id used in
/// FullyQualifiedErrorId, the audit log and the partner log; never rename a member.
/// Details (PowerShell ErrorCategory, retry rule, failure reason, remedy) live in <c>ErrorCatalog</c>.
/// </summary>
// Based on long because PowerShell's ConvertTo-Json writes long-based enums by name (tests/Pester/Conventions.Tests.ps1).
public enum FailureCategory : long
{
    None = 0,

    // Outreach answers (troubleshooting table)
    UnauthorizedOAuthScope,
    UnauthorizedRequest,
    ResourceNotFound,
    GeneralValidationError,
    ProspectAlreadyTargeted,
    ProspectStillActiveInSequence,
    ProspectActiveInAnotherSequence,
    ProspectActiveInAnotherExclusiveSequence,
    ProspectLocked,
    ProspectMissingEmail,
    ProspectOptedOut,
    UserNotOwner,
    UserLocked,
    MailboxSendDisabled,
    MailboxInvalidSendCredentials,
    RateLimitExceeded,
    ScheduledMaintenance,
    TokenInvalid,
    PartnerNotAuthorized,
    ObjectDeleted,
    ObjectMerged,
    Transient,
    RetryAttemptsExceeded,

    // Edges (the node's branches) and input problems found before any call
    ConfigurationError,
    MissingProspectId,
    MissingUserId,
    QueueOwner,
    MergeDupeInPath,
    InvalidRecord,
    SequenceNotUsable,
    /// <summary>User-sequence routing (-UseUserSequenceMap): the sender has no primary sequence in the map.</summary>
    NoUserSequenceMapping,
}
