using System.Net;
using System.Text.Json;
using Xunit;
using P = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Prospects;
using S = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Sequences;
using U = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Users;

namespace LeanData.Outreach.Tests.Sandbox;

/// <summary>
/// Every enrollment rule gives a batch item the same outcome as POST /sequenceStates: a failed item's <c>info</c>
/// is exactly the single POST's error detail, a successful one the same sequenceState.
/// </summary>
public class BatchRuleParityTests : IClassFixture<FakeClockSandboxFixture>
{
    private readonly FakeClockSandboxFixture _f;

    public BatchRuleParityTests(FakeClockSandboxFixture fixture)
    {
        _f = fixture;
    }

    /// <summary>The 404 and 403 refusals, besides the 422 rules of <see cref="EnrollmentRuleTests.RuleCases"/>, and successes.</summary>
    public static TheoryData<long, long, long?, long> OtherCases() => new()
    {
        { P.Deleted, S.SharedEmail, U.Sender, U.Admin },
        { 999, S.SharedEmail, U.Sender, U.Admin },
        { P.Success1, 999, U.Sender, U.Admin },
        { P.Success1, S.SharedEmail, 999, U.Admin },
        { P.Success1, S.SharedEmail, U.Restricted, U.Restricted },
        { P.Success1, S.SharedEmail, U.Sender, U.Admin },
        { P.Success2, S.Disabled, U.Sender, U.Admin },
        { P.NoEmail, S.SharedCallOnly, null, U.Admin },
        { P.Success1, S.Private, U.Admin, U.Admin },
    };

    [Theory]
    [MemberData(nameof(EnrollmentRuleTests.RuleCases), MemberType = typeof(EnrollmentRuleTests))]
    public Task Each_422_rule_fails_the_item_with_the_single_posts_detail(long prospect, long sequence, long? mailbox, string detail) =>
        AssertSameOutcome(prospect, sequence, mailbox, U.Admin, detail);

    [Theory]
    [MemberData(nameof(OtherCases))]
    public Task Not_found_forbidden_and_successful_items_match_the_single_post(long prospect, long sequence, long? mailbox, long actor) =>
        AssertSameOutcome(prospect, sequence, mailbox, actor, null);

    private async Task AssertSameOutcome(long prospect, long sequence, long? mailbox, long actor, string? expectedDetail)
    {
        _f.Reset();
        using var single = _f.CreateClient(_f.MintToken(actor));
        var response = await single.EnrollAsync(_f.BaseUri, prospect, sequence, mailbox);
        var body = await response.JsonAsync();
        string? detail = null;
        JsonElement? singleState = null;
        if (response.StatusCode == HttpStatusCode.Created) singleState = body.GetProperty("data");
        else detail = body.GetProperty("errors")[0].GetProperty("detail").GetString();
        if (expectedDetail is not null) Assert.Equal(expectedDetail, detail);

        _f.Reset();
        using var bulk = _f.CreateClient(_f.MintToken(actor));
        var id = await bulk.StartBatchAsync(_f.BaseUri, new[] { prospect }, sequence, mailbox);
        _f.Clock.Advance(TimeSpan.FromSeconds(1));
        var item = Assert.Single(await bulk.ItemsAsync(_f.BaseUri, id));
        var batch = await bulk.BatchAsync(_f.BaseUri, id);
        Assert.Equal("finished", batch.Attr("state").GetString());
        if (detail is not null)
        {
            Assert.True(item.Attr("failed").GetBoolean());
            Assert.Equal("failed", item.Attr("state").GetString());
            Assert.Equal(detail, item.Attr("info").GetString());
            Assert.Equal(1, batch.Attr("failures").GetInt32());
            Assert.Equal(0, _f.Host.Counters.SequenceStatesCreated);
            return;
        }
        Assert.False(item.Attr("failed").GetBoolean());
        Assert.Equal(1, _f.Host.Counters.Enrollments(prospect, sequence));
        var states = await (await bulk.GetAsync($"{_f.BaseUri}/sequenceStates?filter[sequence][id]={sequence}&filter[prospect][id]={prospect}&sort=-createdAt")).JsonAsync();
        var made = states.GetProperty("data")[0];
        Assert.Equal(singleState!.Value.Attr("state").GetString(), made.Attr("state").GetString());
        foreach (var rel in new[] { "prospect", "sequence", "mailbox", "user" })
            Assert.Equal(singleState.Value.GetProperty("relationships").GetProperty(rel).GetRawText(), made.GetProperty("relationships").GetProperty(rel).GetRawText());
    }
}
