using LeanData.Outreach.Errors;
using LeanData.Outreach.Outreach;
using Xunit;

namespace LeanData.Outreach.Tests.Outreach;

public class OutreachErrorClassifierTests
{
    private static string Body(string id, string detail, string key = "detail") =>
        $$"""{"errors":[{"id":"{{id}}","title":"T","{{key}}":"{{detail}}"}]}""";

    [Theory]
    // 422 enrollment strings: public (exact) ones first, then inferred ones matched leniently
    [InlineData(422, "validationError", "Prospect active in another exclusive sequence", FailureCategory.ProspectActiveInAnotherExclusiveSequence)]
    [InlineData(422, "validationError", "Prospect has already been in this sequence", FailureCategory.ProspectAlreadyTargeted)]
    [InlineData(422, "validationError", "User is locked (mailbox 12)", FailureCategory.UserLocked)]
    [InlineData(422, "validationError", "User not the owner of mailbox 12", FailureCategory.UserNotOwner)]
    [InlineData(422, "validationError", "Prospect already targeted", FailureCategory.ProspectAlreadyTargeted)]
    [InlineData(422, "validationError", "Prospect is still active in sequence", FailureCategory.ProspectStillActiveInSequence)]
    [InlineData(422, "validationError", "Prospect active in another sequence", FailureCategory.ProspectActiveInAnotherSequence)]
    [InlineData(422, "validationError", "Prospect is locked", FailureCategory.ProspectLocked)]
    [InlineData(422, "validationError", "Prospect missing email", FailureCategory.ProspectMissingEmail)]
    [InlineData(422, "validationError", "PROSPECT OPTED OUT", FailureCategory.ProspectOptedOut)]
    [InlineData(422, "validationError", "Mailbox 7 send disabled", FailureCategory.MailboxSendDisabled)]
    [InlineData(422, "validationError", "Mailbox 7 has invalid send credentials", FailureCategory.MailboxInvalidSendCredentials)]
    [InlineData(422, "prospectOptedOut", "", FailureCategory.ProspectOptedOut)]
    [InlineData(422, "validationError", "Name can't be blank.", FailureCategory.GeneralValidationError)]
    [InlineData(422, "validationError", "Contacts email hash has already been taken.", FailureCategory.GeneralValidationError)]
    [InlineData(422, "validationDataTooLongError", "Data provided is too long.", FailureCategory.GeneralValidationError)]
    // other statuses
    [InlineData(401, "", "", FailureCategory.TokenInvalid)]
    [InlineData(403, "unauthorizedOauthScope", "Your authorization does not include the required scope 'prospects.read'.", FailureCategory.UnauthorizedOAuthScope)]
    [InlineData(403, "unauthorizedRequest", "You are not authorized to perform that request.", FailureCategory.UnauthorizedRequest)]
    [InlineData(404, "resourceNotFound", "Could not find 'prospect' with ID '1'.", FailureCategory.ResourceNotFound)]
    [InlineData(404, "resourceNotFound", "Prospect 1 has been deleted.", FailureCategory.ObjectDeleted)]
    [InlineData(404, "resourceNotFound", "Prospect 1 has been merged into 2.", FailureCategory.ObjectMerged)]
    [InlineData(429, "rateLimitExceeded", "You have exceeded your permitted rate limit of 10,000; please try again at 2017-01-01T00:00:00.", FailureCategory.RateLimitExceeded)]
    [InlineData(503, "scheduledServerMaintenance", "Scheduled server maintenance is under way; please try again at 2017-01-01T00:00:00.", FailureCategory.ScheduledMaintenance)]
    [InlineData(503, "", "upstream overloaded", FailureCategory.Transient)]
    [InlineData(500, "", "boom", FailureCategory.Transient)]
    [InlineData(502, "", "bad gateway", FailureCategory.Transient)]
    [InlineData(415, "unsupportedMediaType", "Expected Content-Type header to be 'application/vnd.api+json'.", FailureCategory.GeneralValidationError)]
    public void Classifies(int status, string id, string detail, FailureCategory expected)
    {
        var failure = OutreachErrorClassifier.Classify(status, Body(id, detail));
        Assert.Equal(expected, failure.Category);
        Assert.Equal(status, failure.StatusCode);
        if (detail.Length > 0) Assert.Equal(detail, failure.Message);
    }

    [Fact]
    public void Reads_the_plural_details_key()
    {
        var failure = OutreachErrorClassifier.Classify(422, Body("validationError", "Prospect has already been in this sequence", "details"));
        Assert.Equal(FailureCategory.ProspectAlreadyTargeted, failure.Category);
        Assert.Equal("Prospect has already been in this sequence", failure.Message);
    }

    [Fact]
    public void Passes_an_unknown_422_detail_through()
    {
        var failure = OutreachErrorClassifier.Classify(422, Body("validationError", "Custom rule: region must be EMEA"));
        Assert.Equal(FailureCategory.GeneralValidationError, failure.Category);
        Assert.Equal("Custom rule: region must be EMEA", failure.Message);
        Assert.Equal("validationError", failure.OutreachErrorId);
    }

    [Fact]
    public void Non_json_401_bodies_are_still_token_invalid()
    {
        Assert.Equal(FailureCategory.TokenInvalid, OutreachErrorClassifier.Classify(401, "Invalid access token").Category);
        var jwt = OutreachErrorClassifier.Classify(401, """{"error":"Invalid JWT token.","description":"The JWT token could not be decoded."}""");
        Assert.Equal(FailureCategory.TokenInvalid, jwt.Category);
        Assert.Equal("The JWT token could not be decoded.", jwt.Message);
    }

    [Fact]
    public void Rate_limit_retry_time_comes_from_headers_then_detail()
    {
        var reset = DateTimeOffset.FromUnixTimeSeconds(1_900_000_000);
        var observation = new RateLimitObservation(429, DateTimeOffset.UtcNow, 10000, 0, reset, null);
        Assert.Equal(reset, OutreachErrorClassifier.Classify(429, Body("rateLimitExceeded", "x"), observation).RetryAt);
        var fromDetail = OutreachErrorClassifier.Classify(429, Body("rateLimitExceeded", "please try again at 2017-01-01T00:00:00."));
        Assert.Equal(new DateTimeOffset(2017, 1, 1, 0, 0, 0, TimeSpan.Zero), fromDetail.RetryAt);
        Assert.Contains("2017-01-01T00:00:00Z", fromDetail.RecommendedAction);
    }

    [Fact]
    public void No_response_is_transient_with_status_zero()
    {
        var failure = OutreachErrorClassifier.FromException(new HttpRequestException("reset"));
        Assert.Equal(FailureCategory.Transient, failure.Category);
        Assert.Equal(0, failure.StatusCode);
    }

    [Theory]
    [InlineData(404, "resourceNotFound", "Could not find 'prospect' with ID '9'.")]
    [InlineData(404, "resourceNotFound", "Could not find 'sequence' with ID '99'.")]
    [InlineData(403, "unauthorizedRequest", "You are not authorized to perform that request.")]
    [InlineData(403, "unauthorizedOauthScope", "Your authorization does not include the required scope 'sequenceStates.write'.")]
    [InlineData(429, "rateLimitExceeded", "You have exceeded your permitted rate limit of 10,000; please try again at 2026-11-26T23:00:00.")]
    [InlineData(503, "scheduledServerMaintenance", "Scheduled server maintenance is under way; please try again at 2026-11-26T23:00:00.")]
    [InlineData(422, "validationError", "Prospect has been merged into prospect 1")]
    [InlineData(422, "validationError", "User is locked (mailbox ID 3)")]
    [InlineData(422, "validationError", "Custom validation failed: Prospect field 'Region' is required before adding to a sequence")]
    public void A_batch_items_info_is_classified_as_the_single_posts_answer_with_that_detail(int status, string id, string detail)
    {
        var single = OutreachErrorClassifier.Classify(status, Body(id, detail));
        var item = OutreachErrorClassifier.ClassifyBatchItem(detail);
        Assert.Equal(single.Category, item.Category);
        Assert.Equal(single.Message, item.Message);
        Assert.Equal(single.RecommendedAction, item.RecommendedAction);
        Assert.Equal(single.IsRetryable, item.IsRetryable);
        Assert.Equal(single.RetryAt, item.RetryAt);
        Assert.Equal(status, item.StatusCode);
    }
}
