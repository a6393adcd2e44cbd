using System.Net;
using LeanData.Outreach.Sandbox.Api;
using LeanData.Outreach.Sandbox.Seeding;
using Xunit;
using P = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Prospects;
using S = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Sequences;
using U = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Users;

namespace LeanData.Outreach.Tests.Sandbox;

public class EnrollmentRuleTests : IClassFixture<SandboxFixture>
{
    private readonly SandboxFixture _f;
    private readonly HttpClient _api;

    public EnrollmentRuleTests(SandboxFixture fixture)
    {
        _f = fixture;
        _f.Reset();
        _api = _f.CreateClient(_f.MintToken(U.Admin));
    }

    [Fact]
    public async Task Enrolling_a_clean_prospect_creates_an_active_state_and_counts_it()
    {
        var response = await _api.EnrollAsync(_f.BaseUri, P.Success1, S.SharedEmail, U.Sender);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(SandboxHttp.JsonApi, response.Content.Headers.ContentType?.MediaType);
        var data = (await response.JsonAsync()).GetProperty("data");
        Assert.Equal("sequenceState", data.GetProperty("type").GetString());
        var id = data.GetProperty("id").GetInt64();
        Assert.Equal("active", data.GetProperty("attributes").GetProperty("state").GetString());
        var rels = data.GetProperty("relationships");
        Assert.Equal(P.Success1, rels.GetProperty("prospect").GetProperty("data").GetProperty("id").GetInt64());
        Assert.Equal(S.SharedEmail, rels.GetProperty("sequence").GetProperty("data").GetProperty("id").GetInt64());
        Assert.Equal(U.Sender, rels.GetProperty("mailbox").GetProperty("data").GetProperty("id").GetInt64());
        Assert.Equal(U.Sender, rels.GetProperty("user").GetProperty("data").GetProperty("id").GetInt64());

        var get = await _api.GetAsync($"{_f.BaseUri}/sequenceStates/{id}");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(1, _f.Host.Counters.Enrollments(P.Success1, S.SharedEmail));
        Assert.Equal(1, _f.Host.Counters.SequenceStatesCreated);
        Assert.Equal(1, _f.Host.Counters.SequenceStatePosts);
        Assert.Equal(0, _f.Host.Counters.Duplicates);
    }

    [Fact]
    public async Task Disabled_sequence_gives_a_pending_state()
    {
        var response = await _api.EnrollAsync(_f.BaseUri, P.Success2, S.Disabled, U.Sender);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("pending", (await response.JsonAsync()).GetProperty("data").GetProperty("attributes").GetProperty("state").GetString());
    }

    [Fact]
    public async Task Call_only_sequence_needs_no_mailbox_or_email()
    {
        var response = await _api.EnrollAsync(_f.BaseUri, P.NoEmail, S.SharedCallOnly, null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        // and opted-out prospects are fine when the sequence sends no email
        Assert.Equal(HttpStatusCode.Created, (await _api.EnrollAsync(_f.BaseUri, P.OptedOut, S.SharedCallOnly, U.Sender)).StatusCode);
    }

    public static TheoryData<long, long, long?, string> RuleCases() => new()
    {
        { P.AlreadyInSequence, S.SharedEmail, U.Sender, EnrollmentMessages.AlreadyInSequence },
        { P.ActiveInReAdd, S.ReAddWhenInactive, U.Sender, EnrollmentMessages.StillActiveInSequence },
        { P.ActiveInExclusive, S.ExclusiveB, U.Sender, EnrollmentMessages.ActiveInAnotherExclusiveSequence },
        { P.ActiveInAllExclusive, S.SharedEmail, U.Sender, EnrollmentMessages.ActiveInAnotherSequence },
        { P.ActiveInExclusive, S.AllExclusive, U.Sender, EnrollmentMessages.ActiveInAnotherSequence },
        { P.OptedOut, S.SharedEmail, U.Sender, EnrollmentMessages.OptedOut },
        { P.NoEmail, S.SharedEmail, U.Sender, EnrollmentMessages.MissingEmail },
        { P.Locked, S.SharedEmail, U.Sender, EnrollmentMessages.ProspectLocked },
        { P.CustomValidation, S.SharedEmail, U.Sender, DemoPreset.CustomValidationMessage },
        { P.Merged, S.SharedEmail, U.Sender, EnrollmentMessages.ProspectMerged + " 1" },
        { P.Success1, S.SharedEmail, U.Locked, EnrollmentMessages.UserLocked + " (mailbox ID 3)" },
        { P.Success1, S.Private, U.Sender, EnrollmentMessages.UserNotOwner + " (mailbox ID 2)" },
        { P.Success1, S.SharedEmail, U.SendDisabled, EnrollmentMessages.MailboxSendDisabled + " (mailbox ID 4)" },
        { P.Success1, S.SharedEmail, U.BadCredentials, EnrollmentMessages.MailboxInvalidCredentials + " (mailbox ID 5)" },
        { P.Success1, S.SharedEmail, null, EnrollmentMessages.MailboxRequired },
    };

    [Theory]
    [MemberData(nameof(RuleCases))]
    public async Task Each_rule_answers_422_with_its_own_detail(long prospect, long sequence, long? mailbox, string detail)
    {
        var response = await _api.EnrollAsync(_f.BaseUri, prospect, sequence, mailbox);
        var error = await response.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "validationError", "Validation Error");
        Assert.Equal(detail, error.GetProperty("detail").GetString());
        Assert.Equal(0, _f.Host.Counters.SequenceStatesCreated);
        Assert.Equal(1, _f.Host.Counters.SequenceStatePosts);
    }

    [Fact]
    public void The_rule_details_are_all_different()
    {
        var messages = typeof(EnrollmentMessages).GetFields()
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.True(messages.Count >= 14);
        Assert.Equal(messages.Count, messages.Distinct().Count());
        // and no message is a prefix of another, so a client can classify by prefix
        Assert.DoesNotContain(messages, m => messages.Any(o => o != m && o.StartsWith(m, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Owner_may_use_their_private_sequence()
    {
        Assert.Equal(HttpStatusCode.Created, (await _api.EnrollAsync(_f.BaseUri, P.Success1, S.Private, U.Admin)).StatusCode);
    }

    [Fact]
    public async Task Deleted_prospect_and_unknown_records_answer_404()
    {
        await (await _api.EnrollAsync(_f.BaseUri, P.Deleted, S.SharedEmail, U.Sender))
            .AssertErrorAsync(HttpStatusCode.NotFound, "resourceNotFound", "Resource Not Found", $"Could not find 'prospect' with ID '{P.Deleted}'.");
        await (await _api.EnrollAsync(_f.BaseUri, P.Success1, 999, U.Sender))
            .AssertErrorAsync(HttpStatusCode.NotFound, "resourceNotFound", "Resource Not Found", "Could not find 'sequence' with ID '999'.");
        await (await _api.EnrollAsync(_f.BaseUri, P.Success1, S.SharedEmail, 999))
            .AssertErrorAsync(HttpStatusCode.NotFound, "resourceNotFound", "Resource Not Found", "Could not find 'mailbox' with ID '999'.");
    }

    [Fact]
    public async Task Second_enrollment_is_refused_under_disallow_and_allowed_under_allow()
    {
        Assert.Equal(HttpStatusCode.Created, (await _api.EnrollAsync(_f.BaseUri, P.Success3, S.SharedEmail, U.Sender)).StatusCode);
        var again = await _api.EnrollAsync(_f.BaseUri, P.Success3, S.SharedEmail, U.Sender);
        Assert.Equal(EnrollmentMessages.AlreadyInSequence,
            (await again.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "validationError", "Validation Error")).GetProperty("detail").GetString());

        Assert.Equal(HttpStatusCode.Created, (await _api.EnrollAsync(_f.BaseUri, P.Success3, S.SharedCallOnly, U.Sender)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _api.EnrollAsync(_f.BaseUri, P.Success3, S.SharedCallOnly, U.Sender)).StatusCode);
        Assert.Equal(2, _f.Host.Counters.Enrollments(P.Success3, S.SharedCallOnly));
        Assert.Equal(1, _f.Host.Counters.Duplicates);
    }

    [Fact]
    public async Task Only_if_inactive_admits_the_prospect_again_once_its_state_is_finished()
    {
        var list = await (await _api.GetAsync($"{_f.BaseUri}/sequenceStates?filter[prospect][id]={P.ActiveInReAdd}&filter[sequence][id]={S.ReAddWhenInactive}")).JsonAsync();
        var stateId = list.GetProperty("data")[0].GetProperty("id").GetInt64();
        var finish = await _api.PostAsync($"{_f.BaseUri}/sequenceStates/{stateId}/actions/finish", null);
        Assert.Equal(HttpStatusCode.OK, finish.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _api.EnrollAsync(_f.BaseUri, P.ActiveInReAdd, S.ReAddWhenInactive, U.Sender)).StatusCode);
    }

    [Fact]
    public async Task Missing_scope_answers_403_unauthorizedOauthScope()
    {
        using var readOnly = _f.CreateClient(_f.MintToken(U.Admin, "prospects.all", "sequences.all", "sequenceStates.read", "mailboxes.all", "users.all"));
        await (await readOnly.EnrollAsync(_f.BaseUri, P.Success1, S.SharedEmail, U.Sender)).AssertErrorAsync(HttpStatusCode.Forbidden,
            "unauthorizedOauthScope", "Unauthorized OAuth Scope", "Your authorization does not include the required scope 'sequenceStates.write'.");
        Assert.Equal(HttpStatusCode.OK, (await readOnly.GetAsync($"{_f.BaseUri}/sequenceStates")).StatusCode);

        using var noProspects = _f.CreateClient(_f.MintToken(U.Admin, "sequenceStates.all"));
        await (await noProspects.GetAsync($"{_f.BaseUri}/prospects/1")).AssertErrorAsync(HttpStatusCode.Forbidden,
            "unauthorizedOauthScope", "Unauthorized OAuth Scope", "Your authorization does not include the required scope 'prospects.read'.");
        Assert.Equal(0, _f.Host.Counters.SequenceStatesCreated);
    }

    [Fact]
    public async Task User_whose_profile_lacks_the_permission_gets_403_unauthorizedRequest()
    {
        using var restricted = _f.CreateClient(_f.MintToken(U.Restricted));
        await (await restricted.EnrollAsync(_f.BaseUri, P.Success1, S.SharedEmail, U.Restricted)).AssertErrorAsync(HttpStatusCode.Forbidden,
            "unauthorizedRequest", "Unauthorized Request", "You are not authorized to perform that request.");
        Assert.Equal(0, _f.Host.Counters.SequenceStatesCreated);
    }

    [Fact]
    public async Task Wrong_content_type_answers_415_with_the_details_key()
    {
        var response = await _api.PostAsync($"{_f.BaseUri}/sequenceStates",
            new StringContent(SandboxHttp.EnrollBody(P.Success1, S.SharedEmail, U.Sender), System.Text.Encoding.UTF8, "text/plain"));
        await response.AssertErrorAsync(HttpStatusCode.UnsupportedMediaType, "unsupportedMediaType", "Unsupported Media Type",
            "Expected Content-Type header to be 'application/vnd.api+json'.");
        Assert.Equal(0, _f.Host.Counters.SequenceStatesCreated);
    }

    [Fact]
    public async Task Malformed_body_and_missing_relationships_are_rejected()
    {
        await (await _api.PostAsync($"{_f.BaseUri}/sequenceStates", SandboxHttp.JsonApiBody("{not json")))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "badRequest", "Bad Request");
        var missing = await _api.PostAsync($"{_f.BaseUri}/sequenceStates", SandboxHttp.JsonApiBody("{\"data\":{\"type\":\"sequenceState\",\"relationships\":{}}}"));
        var e = await missing.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "validationError", "Validation Error", "Prospect can't be blank.");
        Assert.Equal("/data/relationships/prospect", e.GetProperty("source").GetProperty("pointer").GetString());
    }
}
