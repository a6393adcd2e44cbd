using System.Management.Automation;
using LeanData.Outreach.Errors;
using Xunit;

namespace LeanData.Outreach.Tests.Outreach;

public class ErrorCatalogTests
{
    public static TheoryData<FailureCategory> Categories()
    {
        var data = new TheoryData<FailureCategory>();
        foreach (var c in Enum.GetValues<FailureCategory>()) data.Add(c);
        return data;
    }

    [Theory]
    [MemberData(nameof(Categories))]
    public void Every_category_has_a_complete_descriptor(FailureCategory category)
    {
        var d = ErrorCatalog.Get(category);
        Assert.Equal(category, d.Category);
        Assert.Equal(category.ToString(), d.ErrorId);
        Assert.False(string.IsNullOrWhiteSpace(d.Title));
        Assert.False(string.IsNullOrWhiteSpace(d.RecommendedAction));
        Assert.True(Enum.TryParse<ErrorCategory>(d.PowerShellCategory, out _), $"'{d.PowerShellCategory}' is not a PowerShell ErrorCategory");
    }

    [Fact]
    public void Every_error_id_is_one_PascalCase_word_with_a_PowerShell_category_and_a_remedy()
    {
        Assert.True(ErrorCatalog.AllDefinitions.Count > Enum.GetValues<FailureCategory>().Length);
        foreach (var d in ErrorCatalog.AllDefinitions)
        {
            Assert.Matches("^[A-Z][A-Za-z0-9]*$", d.Id);
            Assert.True(Enum.TryParse<ErrorCategory>(d.PowerShellCategory, out _), $"{d.Id}: '{d.PowerShellCategory}' is not a PowerShell ErrorCategory");
            Assert.False(string.IsNullOrWhiteSpace(d.RecommendedAction), d.Id);
            Assert.Same(d, ErrorCatalog.Find(d.Id));
        }
        Assert.Equal("InvalidOperation", ErrorCatalog.FieldMappingNotSet.PowerShellCategory);
    }

    [Fact]
    public void The_scope_remedy_names_every_scope_the_module_requests()
    {
        // The catalog sits below the OAuth code, so it spells the scopes out; this keeps the two lists in step.
        var remedy = ErrorCatalog.Get(FailureCategory.UnauthorizedOAuthScope).RecommendedAction;
        foreach (var scope in LeanData.Outreach.Outreach.OAuth.OutreachScopes.Required) Assert.Contains(scope, remedy);
    }

    [Fact]
    public void Only_rate_limit_maintenance_transient_and_token_are_retryable()
    {
        var retryable = ErrorCatalog.All.Where(d => d.IsRetryable).Select(d => d.Category).OrderBy(c => c).ToArray();
        Assert.Equal(
            new[] { FailureCategory.RateLimitExceeded, FailureCategory.ScheduledMaintenance, FailureCategory.TokenInvalid, FailureCategory.Transient }.OrderBy(c => c),
            retryable);
    }

    [Theory]
    [InlineData(FailureCategory.TokenInvalid, "Token is not valid")]
    [InlineData(FailureCategory.PartnerNotAuthorized, "Partner not authorized")]
    [InlineData(FailureCategory.ObjectDeleted, "Object has been deleted")]
    [InlineData(FailureCategory.ObjectMerged, "Object has been merged")]
    [InlineData(FailureCategory.RetryAttemptsExceeded, "Retry attempt exceeded")]
    public void Partner_log_failure_reasons(FailureCategory category, string reason) =>
        Assert.Equal(reason, ErrorCatalog.Get(category).FailureReason);

    [Theory]
    [InlineData(FailureCategory.UnauthorizedOAuthScope, "sequences.all, sequenceStates.all, mailboxes.all, prospects.all")]
    [InlineData(FailureCategory.UnauthorizedRequest, "Permit all record visibility for Prospects, Accounts")]
    [InlineData(FailureCategory.ProspectAlreadyTargeted, "\"Prospect can be added to this sequence\"")]
    [InlineData(FailureCategory.ProspectActiveInAnotherSequence, "\"Yes, but only for exclusive sequences\"")]
    [InlineData(FailureCategory.ProspectLocked, "Unlock the Prospect if it was mistakenly locked")]
    [InlineData(FailureCategory.ProspectMissingEmail, "Find the Prospect in Outreach and add an email")]
    [InlineData(FailureCategory.ProspectOptedOut, "Revert Opt Out")]
    [InlineData(FailureCategory.UserNotOwner, "Set Sequence Org Sharing Settings to Public")]
    [InlineData(FailureCategory.UserLocked, "User Admin > Users > Select the User")]
    [InlineData(FailureCategory.MailboxSendDisabled, "Enable sending messages from this mailbox")]
    [InlineData(FailureCategory.MailboxInvalidSendCredentials, "\"disconnect\" then reconnect their email account")]
    [InlineData(FailureCategory.GeneralValidationError, "custom validation errors")]
    [InlineData(FailureCategory.ResourceNotFound, "contact support@outreach.io")]
    [InlineData(FailureCategory.ConfigurationError, "Connect-LDOutreach")]
    [InlineData(FailureCategory.QueueOwner, "Queues as Salesforce record owners")]
    [InlineData(FailureCategory.NoUserSequenceMapping, "Set-LDUserSequenceMap -User")]
    public void Remedies_carry_the_reference_text(FailureCategory category, string fragment) =>
        Assert.Contains(fragment, ErrorCatalog.Get(category).RecommendedAction);

    [Fact]
    public void Rate_limit_and_maintenance_remedies_substitute_the_retry_time()
    {
        var at = new DateTimeOffset(2026, 11, 26, 23, 0, 0, TimeSpan.Zero);
        var rate = ErrorCatalog.RecommendedActionFor(FailureCategory.RateLimitExceeded, at);
        Assert.Contains("LeanData will retry the request after 2026-11-26T23:00:00Z", rate);
        Assert.DoesNotContain("{X-RateLimit-Reset}", rate);
        var maintenance = ErrorCatalog.RecommendedActionFor(FailureCategory.ScheduledMaintenance, at);
        Assert.Contains("Failed due to Outreach maintenance. LeanData will retry the request after 2026-11-26T23:00:00Z", maintenance);
    }
}
