namespace LeanData.Outreach.Errors;

/// <summary>
/// The one table of failure categories: PowerShell ErrorCategory name, retry rule, partner-log failure
/// reason and the remediation text from the reference document's troubleshooting table and edge list.
/// </summary>
public static partial class ErrorCatalog
{
    public const string RateLimitResetPlaceholder = "{X-RateLimit-Reset}";
    public const string RetryAfterPlaceholder = "{Retry-After}";

    public const string FailureReasonTokenInvalid = "Token is not valid";
    public const string FailureReasonPartnerNotAuthorized = "Partner not authorized";
    public const string FailureReasonObjectDeleted = "Object has been deleted";
    public const string FailureReasonObjectMerged = "Object has been merged";
    public const string FailureReasonRetryAttemptExceeded = "Retry attempt exceeded";

    private const string AuthorizedUserStep =
        "1. Determine the user authorized for the LeanData Outreach integration (Test-LDOutreachConnection shows the authorized user).";

    private const string RulesetNote =
        " * Note that any Sequence on this Ruleset will also be affected so this change should not be taken lightly.";

    private const string ReconnectAction =
        "Run Connect-LDOutreach again to authorize Outreach (the Salesforce Admin must complete this step).";

    private const string OutreachIdSteps =
        "For Outreach ID: 1. Check the Salesforce Plugin Settings in Outreach. " +
        "2. Ensure the Outreach (Internal Id) is mapped to a field in Salesforce and that \"Updates Out\" is enabled for all objects (User and Lead/Contact). " +
        "3. Check the Outreach Settings for Polling Frequency for all objects. " +
        "4. Check that the module's field mapping (Get-LDFieldMapping / Set-LDFieldMapping) names the same fields. " +
        "If it still fails, contact support@outreach.io for assistance on the Sync.";

    private static readonly Dictionary<FailureCategory, ErrorDescriptor> Descriptors = Build();
    private static readonly Dictionary<FailureCategory, ErrorDefinition> CategoryDefinitions =
        Descriptors.Values.ToDictionary(d => d.Category, d => new ErrorDefinition(d.ErrorId, d.PowerShellCategory, d.RecommendedAction));
    // Built on first use: the field initializers of ErrorCatalog.Ids.cs must have run first.
    private static readonly Lazy<Dictionary<string, ErrorDefinition>> ById = new(BuildIndex);

    public static IReadOnlyCollection<ErrorDescriptor> All => Descriptors.Values;

    public static ErrorDescriptor Get(FailureCategory category) =>
        Descriptors.TryGetValue(category, out var descriptor)
            ? descriptor
            : throw new ArgumentOutOfRangeException(nameof(category), category, "No catalog entry for this failure category.");

    /// <summary>The UnauthorizedOAuthScope remedy naming only the scopes that are missing.</summary>
    public static string MissingScopeRemedy(IReadOnlyCollection<string> missing) =>
        AuthorizedUserStep + $" 2. Grant the missing scope{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)} to the LeanData Outreach app" +
        " (the authorizing user approves it in Outreach), then run Connect-LDOutreach again.";

    /// <summary>The scope Outreach's 403 detail names ("...does not include the required scope 'prospects.read'."), or null.</summary>
    public static string? ScopeNamedIn(string? detail)
    {
        if (detail is null) return null;
        var match = System.Text.RegularExpressions.Regex.Match(detail, @"scope '([A-Za-z]+\.[a-z]+)'");
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>A failure category as an error id (its name), with its PowerShell category and remedy.</summary>
    public static ErrorDefinition Definition(FailureCategory category) =>
        CategoryDefinitions.TryGetValue(category, out var definition)
            ? definition
            : throw new ArgumentOutOfRangeException(nameof(category), category, "No catalog entry for this failure category.");

    /// <summary>Every error id the module reports: the failure categories and the ids declared in ErrorCatalog.Ids.cs.</summary>
    public static IReadOnlyCollection<ErrorDefinition> AllDefinitions => ById.Value.Values;

    /// <summary>The declared error with this id, or null.</summary>
    public static ErrorDefinition? Find(string id) => ById.Value.GetValueOrDefault(id);

    private static Dictionary<string, ErrorDefinition> BuildIndex()
    {
        var index = CategoryDefinitions.Values.ToDictionary(d => d.Id, StringComparer.Ordinal);
        foreach (var field in typeof(ErrorCatalog).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static))
            if (field.GetValue(null) is ErrorDefinition definition && !index.TryAdd(definition.Id, definition))
                throw new InvalidOperationException($"Error id '{definition.Id}' is declared twice in the catalog.");
        return index;
    }

    /// <summary>The remediation text for a category with any retry time substituted.</summary>
    public static string RecommendedActionFor(FailureCategory category, DateTimeOffset? retryAt = null) =>
        Get(category).FormatRecommendedAction(retryAt);

    private static Dictionary<FailureCategory, ErrorDescriptor> Build()
    {
        var list = new List<ErrorDescriptor>
        {
            new(FailureCategory.None, "NotSpecified", false, null, "Success", "No action needed."),

            new(FailureCategory.UnauthorizedOAuthScope, "PermissionDenied", false, FailureReasonPartnerNotAuthorized,
                "Unauthorized OAuth Scope for Outreach",
                AuthorizedUserStep + " 2. Grant the scope Outreach names in the error to the LeanData Outreach app" +
                 " (the integration needs sequences.all, sequenceStates.all, mailboxes.all, prospects.all), then run Connect-LDOutreach again."),

            new(FailureCategory.UnauthorizedRequest, "PermissionDenied", false, FailureReasonPartnerNotAuthorized,
                "Unauthorized Request in Outreach",
                AuthorizedUserStep + " 2. In Outreach, navigate to User Admin > Profiles > Profile of User who authorized integration and check that these options are enabled: " +
                "Administration: Permit Plugins; Record Visibility: Permit all record visibility for Prospects, Accounts; " +
                "Sequences: Permit Create, Edit, Enable Sequences, Sharing Sequences; Mailboxes: Send from all records."),

            new(FailureCategory.ResourceNotFound, "ObjectNotFound", false, null,
                "Resource Not Found in Outreach",
                "1. Check the mailbox settings (-Mailbox). If it's configured to the Salesforce record owner, check the record owner name and whether they have a user record in Outreach. " +
                "2. Check the Salesforce record in question for an Outreach ID populated (If not, that means the record was not created in Outreach or did not sync back to Salesforce). " +
                "3. Ensure nodes are correctly placed (see the Node Placement steps: use updated records whose Outreach Prospect ID is not null). " + OutreachIdSteps),

            new(FailureCategory.GeneralValidationError, "InvalidData", false, null,
                "General Outreach Validation Error",
                "1. Details on custom validation errors set up in your organization that block additions to Sequences will be listed on the error message. " +
                "Take action in accordance with your organization policies."),

            new(FailureCategory.ProspectAlreadyTargeted, "InvalidOperation", false, null,
                "Prospect already targeted in Outreach",
                "1. The Sequence Ruleset Safety Settings blocked the addition of this Prospect to the Sequence. " +
                "Customers need to update the \"Prospect can be added to this sequence\" field." + RulesetNote),

            new(FailureCategory.ProspectStillActiveInSequence, "InvalidOperation", false, null,
                "Prospect still active in Sequence",
                "1. The Sequence Ruleset Safety Settings blocked the addition of this Prospect to the Sequence. " +
                "Customers need to update the \"Prospect can be added to this sequence\" field." + RulesetNote),

            new(FailureCategory.ProspectActiveInAnotherSequence, "InvalidOperation", false, null,
                "Prospect active in another Outreach sequence",
                "1. The Sequence Ruleset Safety Settings blocked the addition of this Prospect to the Sequence. " +
                "Customers need to update the \"Should active prospects be exclusive to this sequence?\" to the \"Yes, but only for exclusive sequences\" option " +
                "on the Sequence the Prospect is already lined up in." + RulesetNote),

            new(FailureCategory.ProspectActiveInAnotherExclusiveSequence, "InvalidOperation", false, null,
                "Prospect active in another exclusive sequence",
                "1. The Sequence Ruleset Safety Settings blocked the addition of this Prospect to the Sequence. " +
                "Customers need to update the \"Should active prospects be exclusive to this sequence?\" to \"Yes\" on the Sequence the Prospect is already lined up in." + RulesetNote),

            new(FailureCategory.ProspectLocked, "InvalidOperation", false, null,
                "Prospect is locked in Outreach",
                "1. Unlock the Prospect if it was mistakenly locked. Ignore otherwise."),

            new(FailureCategory.ProspectMissingEmail, "InvalidData", false, null,
                "Prospect missing email in Outreach",
                "1. Find the Prospect in Outreach and add an email."),

            new(FailureCategory.ProspectOptedOut, "InvalidOperation", false, null,
                "Prospect opted out",
                "1. If you believe this is a mistaken \"Opt Out,\" navigate to the Outreach Record, click the arrow next to Edit and select \"Revert Opt Out\"."),

            new(FailureCategory.UserNotOwner, "PermissionDenied", false, null,
                "Outreach User is not the owner",
                "1. Set Sequence Org Sharing Settings to Public (\"Others can see it and use it\")."),

            new(FailureCategory.UserLocked, "PermissionDenied", false, null,
                "Outreach User is locked",
                "1. If the User should be unlocked, navigate to Outreach's User Admin > Users > Select the User > Click the ... button > Unlock."),

            new(FailureCategory.MailboxSendDisabled, "NotEnabled", false, null,
                "Outreach Mailbox does not have send enabled",
                "1. This error will only happen when the Mailbox Settings for the Outreach integration node is set to \"Salesforce Record Owner\" and the user does not have send enabled on the Mailbox. " +
                "Find the record owner's name and have them set up the Mailbox as outlined in the Documentation: " +
                "\"In Outreach, click your initials in the bottom left corner > Mailboxes > Add > Select the Email Provider > Fill out details. " +
                "Toggle on 'Enable sending messages from this mailbox.'\""),

            new(FailureCategory.MailboxInvalidSendCredentials, "InvalidOperation", false, null,
                "Outreach Mailbox has invalid send credentials",
                "1. The Outreach User's default mailbox has invalid send credentials. Determine the user and have them \"disconnect\" then reconnect their email account " +
                "under Outreach Mailboxes (User Admin > Mailboxes)."),

            new(FailureCategory.RateLimitExceeded, "LimitsExceeded", true, null,
                "Outreach Rate Limit Exceeded",
                "Failed due to Outreach API usage limits (fixed limit of 5,000 requests per one-hour period). LeanData will retry the request after " + RateLimitResetPlaceholder + ". " +
                "1. Change the time interval in both Outreach and LeanData settings (Set-LDRateLimit) to a higher value so that less calls are made each hour. " +
                "* Note that this means it will take more time to sync records between Salesforce and Outreach and to add Prospects to Sequences from LeanData."),

            new(FailureCategory.ScheduledMaintenance, "ResourceUnavailable", true, null,
                "Scheduled Outreach Maintenance",
                "Failed due to Outreach maintenance. LeanData will retry the request after " + RetryAfterPlaceholder + ". " +
                "1. No action needed. LeanData will retry the action on the date / time designated."),

            // Retryable only while a refresh can mend it; an unrefreshable token surfaces as ConfigurationError.
            new(FailureCategory.TokenInvalid, "AuthenticationError", true, FailureReasonTokenInvalid,
                "Outreach token is not valid",
                "The Outreach access token was rejected. The module refreshes it once and retries; if the refresh token is revoked or expired, " + ReconnectAction),

            new(FailureCategory.PartnerNotAuthorized, "PermissionDenied", false, FailureReasonPartnerNotAuthorized,
                "Partner not authorized",
                "The LeanData Outreach authorization is missing or was revoked. " + ReconnectAction +
                " The authorizing user needs the Outreach profile permissions listed for Unauthorized Request."),

            new(FailureCategory.ObjectDeleted, "ObjectNotFound", false, FailureReasonObjectDeleted,
                "Object has been deleted in Outreach",
                "The Outreach object (prospect, sequence or mailbox) has been deleted. Check the Salesforce record's Outreach ID and the Outreach-Salesforce sync. " + OutreachIdSteps),

            new(FailureCategory.ObjectMerged, "ObjectNotFound", false, FailureReasonObjectMerged,
                "Object has been merged in Outreach",
                "The Outreach prospect was merged into another. Let the Outreach-Salesforce sync update the Outreach ID on the Salesforce record, then run the record again. " + OutreachIdSteps),

            new(FailureCategory.Transient, "ConnectionError", true, null,
                "Transient Outreach failure",
                "No action needed. The request failed for a transient reason (server error, timeout or dropped connection); " +
                "the action is retried after the \"Retry Action In\" interval (Get-LDRetryPolicy / Set-LDRetryPolicy)."),

            new(FailureCategory.RetryAttemptsExceeded, "LimitsExceeded", false, FailureReasonRetryAttemptExceeded,
                "Retry attempt exceeded",
                "Every retry failed. Review the attempt history (Get-LDAuditLog) for the underlying error, fix its cause, then add the records again."),

            new(FailureCategory.ConfigurationError, "InvalidOperation", false, FailureReasonPartnerNotAuthorized,
                "Configuration Error",
                "The authorization for Outreach is invalid, or the field mapping is incorrectly configured. " + ReconnectAction +
                " Then check the Outreach Field Mapping (Get-LDFieldMapping / Set-LDFieldMapping): the Lead, Contact and User fields must be the Salesforce fields " +
                "mapped to the Outreach ID (Id (Outreach Internal)) in Outreach. Nothing was changed in Outreach for this record."),

            new(FailureCategory.MissingProspectId, "InvalidData", false, null,
                "Missing Prospect ID",
                "The Outreach ID is missing on the Lead or Contact. 1. Check the Salesforce record in question for an Outreach ID populated (If not, that means the record was not created in Outreach or did not sync back to Salesforce). " +
                "2. Ensure nodes are correctly placed: for Salesforce > Outreach sync use updated Leads / Contacts whose \"Outreach Prospect ID\" has changed / is not null. " + OutreachIdSteps),

            new(FailureCategory.MissingUserId, "InvalidData", false, null,
                "Missing User ID",
                "The Outreach ID is missing on the User chosen for the mailbox. Ensure the Salesforce user has an Outreach user account with a Mailbox enabled, " +
                "that the Outreach (Internal) Id is mapped to the User field with \"Updates Out\" enabled (to force a sync: Settings > Users > Select All > More Actions > " +
                "Synchronize with Salesforce > Push Data up to Salesforce > Force Update of all fields), or import the user map with Import-LDSalesforceUser."),

            new(FailureCategory.QueueOwner, "InvalidOperation", false, null,
                "Queue Owner",
                "The record is Queue-owned and the mailbox selected is the Lead / Contact Owner. V1 of this integration does not accommodate Queues as Salesforce record owners: " +
                "assign the record to a user, or use -Mailbox UserField or SpecificUser."),

            new(FailureCategory.MergeDupeInPath, "InvalidOperation", false, null,
                "Merge Dupe in path",
                "LeanData will NOT add the Prospect to a Sequence if a \"Merge Dupe\" node is in the same path as the \"Add to Sequence\" node. " +
                "Add the records to the sequence in a separate step without -MergeDupeInPath."),

            new(FailureCategory.InvalidRecord, "InvalidData", false, null,
                "Invalid record",
                "The record could not be read. Each record needs a Salesforce Id (15 or 18 characters; 00Q Lead or 003 Contact, or attributes.type) " +
                "and Outreach IDs that are whole numbers. Fix the record and send it again."),

            new(FailureCategory.SequenceNotUsable, "NotEnabled", false, null,
                "Sequence not usable",
                "To add a Prospect to a Sequence, \"Shared with Org\" must be set to \"Others can see it and use it\" on the Sequence. " +
                "Note: Before publicly sharing the Sequences, confirm there is no sensitive information being exposed to employees via Sequences. " +
                "Then refresh the catalog (Get-LDSequence -Refresh)."),

            // V2 User-Sequence Mapping: records go to the primary sequence of their sender.
            new(FailureCategory.NoUserSequenceMapping, "ObjectNotFound", false, null,
                "No primary sequence for the user",
                "The Outreach user chosen to send (-Mailbox) has no primary sequence in the user-sequence map, so the record has no sequence to go to. " +
                "Map the user to their primary sequence with Set-LDUserSequenceMap -User <Outreach user id, email or name> -Sequence <sequence name or id> " +
                "(Get-LDUserSequenceMap lists the map), then add the record again; or add it with -Sequence instead of -UseUserSequenceMap."),

            new(FailureCategory.AlreadyAdded, "ResourceExists", false, null,
                "Already added",
                "The record was already added to this sequence at this node (the earlier action is named in the message), so it was not sent again. " +
                "To add it again anyway use -Force; to re-add only records added longer ago use -SkipIfAddedWithin, for example -SkipIfAddedWithin 30.00:00:00."),

            new(FailureCategory.AlreadyPending, "ResourceBusy", false, null,
                "Already pending",
                "The record already has a Pending action for this sequence and node (named in the message), so it was not sent again: " +
                "Start-LDRetryWorker sends that action (Get-LDAuditLog -ActionId <id> shows it). Use -Force to send a second one anyway."),
        };
        return list.ToDictionary(d => d.Category);
    }
}
