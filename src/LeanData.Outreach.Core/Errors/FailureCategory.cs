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

    // Re-runs: the record already has an action for the same sequence and node (Outcome Skipped, no call)
    AlreadyAdded,
    AlreadyPending,

    // The store file: terminating preconditions (it cannot be used at all), and per-record results of a run whose
    // store failed part-way. Raised as StoreException; never recorded in the audit log (the store is what failed).
    StorePathIsDirectory,
    StorePathIsNotAFile,
    StoreNotADatabase,
    StoreNotALeanDataStore,
    StoreCorrupt,
    StoreReadOnly,
    StoreUnavailable,
    StoreNewerVersion,
    /// <summary>The record was sent to Outreach and has its result, but the store could not record that result.</summary>
    StoreResultNotRecorded,
    /// <summary>The record was not sent: the store failed earlier in the run, and nothing is sent that cannot be recorded.</summary>
    StoreRecordNotSent,
}
