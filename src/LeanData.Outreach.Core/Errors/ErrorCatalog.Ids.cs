namespace LeanData.Outreach.Errors;

/// <summary>
/// The error ids that are not per-record <see cref="FailureCategory"/> outcomes: preconditions and bad input the
/// cmdlets or the Core report, each declared once here with its PowerShell ErrorCategory and default remedy.
/// Naming scheme (as for the categories): one PascalCase word, no dots and no parameter suffix; the message and
/// the TargetObject say which parameter or record is wrong. The id is the FullyQualifiedErrorId prefix.
/// </summary>
public static partial class ErrorCatalog
{
    // ---------------------------------------------------------------- configuration and store
    public static readonly ErrorDefinition FieldMappingNotSet = new(nameof(FieldMappingNotSet), "InvalidOperation",
        "Run Set-LDFieldMapping -Lead <field> -Contact <field> -User <field> with the Salesforce fields mapped to Id (Outreach Internal) in Outreach.");
    public static readonly ErrorDefinition InvalidFieldMapping = new(nameof(InvalidFieldMapping), "InvalidArgument",
        "Correct the field named in the message and run Set-LDFieldMapping again. Nothing was changed.");
    public static readonly ErrorDefinition InvalidRetryPolicy = new(nameof(InvalidRetryPolicy), "InvalidArgument",
        "Correct the value named in the message and run Set-LDRetryPolicy again. Nothing was changed.");
    public static readonly ErrorDefinition InvalidRateLimit = new(nameof(InvalidRateLimit), "InvalidArgument",
        "Correct the value named in the message and run Set-LDRateLimit again. Nothing was changed.");
    public static readonly ErrorDefinition InvalidBulkLimit = new(nameof(InvalidBulkLimit), "InvalidArgument",
        "Correct the value named in the message and run Set-LDBulkLimit again. Nothing was changed.");
    public static readonly ErrorDefinition InvalidAuditLogRetention = new(nameof(InvalidAuditLogRetention), "InvalidArgument",
        "Give a positive age, for example -OlderThan (New-TimeSpan -Days 30).");
    public static readonly ErrorDefinition SecretProtectionFailed = new(nameof(SecretProtectionFailed), "InvalidOperation",
        "The secrets in the store could not be protected or read with this user's key. Run the module as the user who connected, or run Connect-LDOutreach again.");

    // ---------------------------------------------------------------- connection and OAuth
    public static readonly ErrorDefinition OutreachNotConnected = new(nameof(OutreachNotConnected), "InvalidOperation",
        "Run Connect-LDOutreach to authorize Outreach (the Salesforce Admin must complete this step).");
    public static readonly ErrorDefinition InsecureApiBaseUri = new(nameof(InsecureApiBaseUri), "InvalidArgument",
        "Use an https API base URI (plain http only to a loopback address), for example https://api.outreach.io/api/v2.");
    public static readonly ErrorDefinition InvalidRedirectUri = new(nameof(InvalidRedirectUri), "InvalidArgument",
        "Pass the full callback URL registered with Outreach, for example http://127.0.0.1:8710/callback.");
    public static readonly ErrorDefinition OAuthRedirectListenerFailed = new(nameof(OAuthRedirectListenerFailed), "InvalidOperation",
        "The loopback redirect listener could not start. Free the port of -RedirectUri or pick another registered callback URL, then run Connect-LDOutreach again.");
    public static readonly ErrorDefinition OAuthAuthorizationDenied = new(nameof(OAuthAuthorizationDenied), "PermissionDenied",
        "The authorization was declined in the browser. Run Connect-LDOutreach again and approve the requested access.");
    public static readonly ErrorDefinition OAuthStateMismatch = new(nameof(OAuthStateMismatch), "SecurityError",
        "The redirect did not carry the state this sign-in sent. Run Connect-LDOutreach again; close other sign-in tabs first.");
    public static readonly ErrorDefinition OAuthInvalidClient = new(nameof(OAuthInvalidClient), "AuthenticationError",
        "Check the client id and secret of the Outreach OAuth app, then run Connect-LDOutreach again.");
    public static readonly ErrorDefinition OAuthInvalidCode = new(nameof(OAuthInvalidCode), "AuthenticationError",
        "The authorization code was refused (expired, used or for another redirect URI). Run Connect-LDOutreach again.");
    public static readonly ErrorDefinition OAuthRefreshTokenRevoked = new(nameof(OAuthRefreshTokenRevoked), "AuthenticationError",
        "Run Connect-LDOutreach again to authorize Outreach (the Salesforce Admin must complete this step).");
    public static readonly ErrorDefinition OAuthInvalidRequest = new(nameof(OAuthInvalidRequest), "InvalidOperation",
        "Outreach refused the token request as malformed. Check -RedirectUri and the OAuth app settings, then run Connect-LDOutreach again.");
    public static readonly ErrorDefinition OAuthUnauthorizedClient = new(nameof(OAuthUnauthorizedClient), "PermissionDenied",
        "The Outreach OAuth app may not use this grant. Check the app's settings in Outreach, then run Connect-LDOutreach again.");
    public static readonly ErrorDefinition OAuthInvalidScope = new(nameof(OAuthInvalidScope), "PermissionDenied",
        "The OAuth app does not allow the scopes this module requests. Add them to the app in Outreach, then run Connect-LDOutreach again.");
    public static readonly ErrorDefinition OAuthTokenRateLimited = new(nameof(OAuthTokenRateLimited), "LimitsExceeded",
        "Outreach limited token requests. Wait a minute, then run the command again.");
    public static readonly ErrorDefinition OAuthServerError = new(nameof(OAuthServerError), "ConnectionError",
        "Outreach's token endpoint failed. Run the command again shortly.");
    public static readonly ErrorDefinition OAuthInvalidResponse = new(nameof(OAuthInvalidResponse), "ConnectionError",
        "Outreach's token endpoint sent an answer the module could not read. Run the command again shortly.");

    // ---------------------------------------------------------------- catalog: sequences, users, mailboxes
    public static readonly ErrorDefinition SequenceNotFound = new(nameof(SequenceNotFound), "ObjectNotFound",
        "Check the name or id with Get-LDSequence -IncludePrivate. If the sequence was created recently, run Get-LDSequence -Refresh to update the list.");
    public static readonly ErrorDefinition SequenceAmbiguous = new(nameof(SequenceAmbiguous), "InvalidArgument",
        "Several sequences have that name: give the sequence id instead (Get-LDSequence lists them).");
    public static readonly ErrorDefinition UserNotFound = new(nameof(UserNotFound), "ObjectNotFound",
        "Check the email or id with Get-LDOutreachUser -All. If the user was added or enabled recently, run Get-LDOutreachUser -Refresh.");
    public static readonly ErrorDefinition UserAmbiguous = new(nameof(UserAmbiguous), "InvalidArgument",
        "Several Outreach users match: give the Outreach user id instead (Get-LDOutreachUser lists them).");
    public static readonly ErrorDefinition UserRequired = new(nameof(UserRequired), "InvalidArgument",
        "Add -User, for example -User ben.sender@example.com.");
    public static readonly ErrorDefinition OutreachUserMailboxNotUsable = new(nameof(OutreachUserMailboxNotUsable), "NotEnabled",
        "Have the user turn on sending and syncing for their mailbox in Outreach, then run Get-LDOutreachUser -Refresh.");
    public static readonly ErrorDefinition MailboxNotFound = new(nameof(MailboxNotFound), "ObjectNotFound",
        "Check the id or address with Get-LDMailbox -All. If the mailbox was set up recently, run Get-LDMailbox -Refresh.");
    public static readonly ErrorDefinition InvalidOutreachId = new(nameof(InvalidOutreachId), "InvalidArgument",
        "Outreach ids are positive whole numbers: give one, or an exact name or email the catalog lists.");

    // ---------------------------------------------------------------- Add to Sequence and the user-sequence map
    public static readonly ErrorDefinition InvalidBatchWindow = new(nameof(InvalidBatchWindow), "InvalidArgument",
        "Give a window of at most 30 seconds, for example -BatchWindow 00:00:10.");
    public static readonly ErrorDefinition InvalidSkipIfAddedWithin = new(nameof(InvalidSkipIfAddedWithin), "InvalidArgument",
        "Give a time span, for example -SkipIfAddedWithin 30.00:00:00 for 30 days.");
    public static readonly ErrorDefinition InvalidMailboxOptions = new(nameof(InvalidMailboxOptions), "InvalidArgument",
        "See Get-Help Invoke-LDAddToSequence -Parameter Mailbox.");
    public static readonly ErrorDefinition UserSequenceMappingNotFound = new(nameof(UserSequenceMappingNotFound), "ObjectNotFound",
        "List the map with Get-LDUserSequenceMap and pass one of its UserId values.");
    public static readonly ErrorDefinition InvalidRoutingInsightRange = new(nameof(InvalidRoutingInsightRange), "InvalidArgument",
        "Give an -Until later than -Since.");

    // ---------------------------------------------------------------- Salesforce user import
    public static readonly ErrorDefinition InvalidFieldName = new(nameof(InvalidFieldName), "InvalidArgument",
        "Give the API name of a Salesforce User field, for example Outreach_ID__c.");
    public static readonly ErrorDefinition InvalidSalesforceUserId = new(nameof(InvalidSalesforceUserId), "InvalidData",
        "Each row needs the Salesforce User Id (15 or 18 characters, starting 005) in Id. Export it with the query or CSV.");
    public static readonly ErrorDefinition SalesforceUserFieldMissing = new(nameof(SalesforceUserFieldMissing), "InvalidData",
        "Include the User field in the query or CSV export, or check the User field mapping (Get-LDFieldMapping).");
    public static readonly ErrorDefinition SalesforceUserFieldNotOutreachId = new(nameof(SalesforceUserFieldNotOutreachId), "InvalidData",
        "The User field must hold the Outreach user id (a positive whole number); check the User field mapping (Get-LDFieldMapping).");

    // ---------------------------------------------------------------- retry worker
    public static readonly ErrorDefinition InvalidRetryWorkerOption = new(nameof(InvalidRetryWorkerOption), "InvalidArgument",
        "Correct the option named in the message (Get-Help Start-LDRetryWorker).");
    public static readonly ErrorDefinition InvalidRetryWorkerSchedule = new(nameof(InvalidRetryWorkerSchedule), "InvalidArgument",
        "Correct the schedule option named in the message (Get-Help Register-LDRetryWorker).");
    public static readonly ErrorDefinition RetryWorkerScheduleExists = new(nameof(RetryWorkerScheduleExists), "ResourceExists",
        "Use -Force to replace it, or -Name to register another schedule.");
    public static readonly ErrorDefinition RetryWorkerLogNotWritable = new(nameof(RetryWorkerLogNotWritable), "WriteError",
        "Give -LogPath a file in a folder this account can write.");
    public static readonly ErrorDefinition RetryWorkerScheduleNeedsRoot = new(nameof(RetryWorkerScheduleNeedsRoot), "PermissionDenied",
        "Register with -OutputDirectory ./schedule and run the commands in the output's ActivationCommands (they use sudo).");
    public static readonly ErrorDefinition RetryWorkerScheduleNotWritable = new(nameof(RetryWorkerScheduleNotWritable), "PermissionDenied",
        "Register with -OutputDirectory pointing at a folder you can write, then run the activation commands in the output.");
    public static readonly ErrorDefinition RetryWorkerActivationFailed = new(nameof(RetryWorkerActivationFailed), "InvalidOperation",
        "Run the command yourself, or register with -OutputDirectory and activate the files by hand.");
}
