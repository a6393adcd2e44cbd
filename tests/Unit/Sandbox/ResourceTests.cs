using System.Net;
using System.Text.Json;
using Xunit;
using U = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Users;

namespace LeanData.Outreach.Tests.Sandbox;

public class ResourceTests : IClassFixture<SandboxFixture>
{
    private readonly SandboxFixture _f;
    private readonly HttpClient _api;

    public ResourceTests(SandboxFixture fixture)
    {
        _f = fixture;
        _f.Reset();
        _api = _f.CreateClient(_f.MintToken(U.Admin));
    }

    [Fact]
    public async Task Root_reports_token_user_and_org()
    {
        var r = await _api.GetAsync(_f.BaseUri);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var meta = (await r.JsonAsync()).GetProperty("meta");
        Assert.Equal(U.Admin, meta.GetProperty("user").GetProperty("id").GetInt64());
        Assert.Equal("ada.admin@demo.example", meta.GetProperty("user").GetProperty("email").GetString());
        Assert.Equal("LeanData Demo Org", meta.GetProperty("org").GetProperty("name").GetString());
        Assert.Contains("sequenceStates.all", meta.GetProperty("token").GetProperty("scope").GetString());
    }

    [Theory]
    [InlineData("users", "user", 6)]
    [InlineData("mailboxes", "mailbox", 6)]
    [InlineData("rulesets", "ruleset", 5)]
    [InlineData("sequences", "sequence", 9)]
    [InlineData("sequenceSteps", "sequenceStep", 13)]
    [InlineData("prospects", "prospect", 14)]
    [InlineData("sequenceStates", "sequenceState", 4)]
    public async Task Collections_list_and_fetch_with_integer_ids(string plural, string type, int count)
    {
        var r = await _api.GetAsync($"{_f.BaseUri}/{plural}");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(SandboxHttp.JsonApi, r.Content.Headers.ContentType?.MediaType);
        var doc = await r.JsonAsync();
        var data = doc.GetProperty("data");
        Assert.Equal(count, data.GetArrayLength());
        Assert.False(doc.GetProperty("links").TryGetProperty("next", out _));
        var first = data[0];
        Assert.Equal(type, first.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Number, first.GetProperty("id").ValueKind);
        var id = first.GetProperty("id").GetInt64();
        var one = await _api.GetAsync($"{_f.BaseUri}/{plural}/{id}");
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        var item = (await one.JsonAsync()).GetProperty("data");
        Assert.Equal(id, item.GetProperty("id").GetInt64());
        Assert.Equal($"{_f.BaseUri}/{plural}/{id}", item.GetProperty("links").GetProperty("self").GetString());
        await (await _api.GetAsync($"{_f.BaseUri}/{plural}/424242")).AssertErrorAsync(HttpStatusCode.NotFound, "resourceNotFound", "Resource Not Found",
            $"Could not find '{type}' with ID '424242'.");
    }

    [Fact]
    public async Task Deleted_and_merged_prospects_are_not_served()
    {
        await (await _api.GetAsync($"{_f.BaseUri}/prospects/9")).AssertErrorAsync(HttpStatusCode.NotFound, "resourceNotFound", "Resource Not Found");
        await (await _api.GetAsync($"{_f.BaseUri}/prospects/10")).AssertErrorAsync(HttpStatusCode.NotFound, "resourceNotFound", "Resource Not Found");
    }

    [Fact]
    public async Task Pagination_follows_links_next_across_pages()
    {
        var seen = new List<long>();
        string? next = $"{_f.BaseUri}/prospects?page[size]=4";
        var pages = 0;
        while (next is not null)
        {
            var doc = await (await _api.GetAsync(next)).JsonAsync();
            var data = doc.GetProperty("data");
            Assert.True(data.GetArrayLength() <= 4);
            seen.AddRange(data.EnumerateArray().Select(d => d.GetProperty("id").GetInt64()));
            next = doc.GetProperty("links").TryGetProperty("next", out var n) ? n.GetString() : null;
            if (next is not null) Assert.Contains("page%5Bafter%5D=", next);
            pages++;
        }
        Assert.Equal(4, pages);
        Assert.Equal(14, seen.Count);
        Assert.Equal(seen.OrderBy(x => x), seen);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task Pagination_keeps_filters_in_links_next()
    {
        var doc = await (await _api.GetAsync($"{_f.BaseUri}/sequenceSteps?filter[sequence][id]=1&page[size]=2")).JsonAsync();
        Assert.Equal(2, doc.GetProperty("data").GetArrayLength());
        var next = doc.GetProperty("links").GetProperty("next").GetString()!;
        Assert.Contains("filter%5Bsequence%5D%5Bid%5D=1", next);
        var page2 = await (await _api.GetAsync(next)).JsonAsync();
        var last = Assert.Single(page2.GetProperty("data").EnumerateArray());
        Assert.Equal("manual_email", last.GetProperty("attributes").GetProperty("stepType").GetString());
        Assert.False(page2.GetProperty("links").TryGetProperty("next", out _));
    }

    [Fact]
    public async Task Default_page_size_is_50_and_max_is_1000()
    {
        await _f.CreateClient().AdminPostAsync(_f.AdminUri, "seed", new { prospects = 120, seed = 3, errorRate = 0.0 });
        var doc = await (await _api.GetAsync($"{_f.BaseUri}/prospects")).JsonAsync();
        Assert.Equal(50, doc.GetProperty("data").GetArrayLength());
        Assert.True(doc.GetProperty("links").TryGetProperty("next", out _));
        var big = await (await _api.GetAsync($"{_f.BaseUri}/prospects?page[size]=1000&count=true")).JsonAsync();
        Assert.Equal(120, big.GetProperty("data").GetArrayLength());
        Assert.Equal(120, big.GetProperty("meta").GetProperty("count").GetInt32());
        await (await _api.GetAsync($"{_f.BaseUri}/prospects?page[size]=1001")).AssertErrorAsync(HttpStatusCode.BadRequest, "badRequest", "Bad Request", "page[size]");
        await (await _api.GetAsync($"{_f.BaseUri}/prospects?page[after]=nonsense!")).AssertErrorAsync(HttpStatusCode.BadRequest, "badRequest", "Bad Request", "page[after]");
    }

    [Theory]
    [InlineData("prospects?filter[emails]=PAULA.success@acme.example", new long[] { 1 })]
    [InlineData("prospects?filter[id]=2,4,6", new long[] { 2, 4, 6 })]
    [InlineData("prospects?filter[id]=3..5", new long[] { 3, 4, 5 })]
    [InlineData("prospects?filter[optedOut]=true", new long[] { 7 })]
    [InlineData("users?filter[locked]=true", new long[] { 3 })]
    [InlineData("users?filter[email]=ben.sender@demo.example", new long[] { 2 })]
    [InlineData("mailboxes?filter[userId]=4", new long[] { 4 })]
    [InlineData("mailboxes?filter[user][id]=5", new long[] { 5 })]
    [InlineData("sequences?filter[shareType]=private", new long[] { 3 })]
    [InlineData("sequences?filter[enabled]=false", new long[] { 7 })]
    [InlineData("sequences?filter[locked]=true", new long[] { 9 })]
    [InlineData("sequenceSteps?filter[sequence][id]=2", new long[] { 4, 5 })]
    [InlineData("rulesets?filter[sequenceExclusivity]=exclusive_sequences", new long[] { 4 })]
    [InlineData("sequenceStates?filter[prospect][id]=11", new long[] { 1 })]
    [InlineData("sequenceStates?filter[sequence][id]=4", new long[] { 2 })]
    [InlineData("sequenceStates?filter[state]=active", new long[] { 2, 3, 4 })]
    [InlineData("sequenceStates?filter[prospect][id]=12&filter[sequence][id]=4&filter[state]=active", new long[] { 2 })]
    [InlineData("sequenceStates?filter[prospect][id]=12&filter[sequence][id]=1", new long[0])]
    public async Task Filters_select_records(string query, long[] ids)
    {
        var r = await _api.GetAsync($"{_f.BaseUri}/{query}");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var got = (await r.JsonAsync()).GetProperty("data").EnumerateArray().Select(d => d.GetProperty("id").GetInt64()).ToArray();
        Assert.Equal(ids, got);
    }

    [Fact]
    public async Task Unsupported_filter_and_unknown_route_are_errors_not_silence()
    {
        await (await _api.GetAsync($"{_f.BaseUri}/prospects?filter[favouriteColour]=blue")).AssertErrorAsync(HttpStatusCode.BadRequest, "badRequest", "Bad Request",
            "The sandbox does not support filter 'filter[favouriteColour]'");
        await (await _api.GetAsync($"{_f.BaseUri}/accounts")).AssertErrorAsync(HttpStatusCode.NotFound, "resourceNotFound", "Resource Not Found");
        await (await _api.PatchAsync($"{_f.BaseUri}/prospects/1", SandboxHttp.JsonApiBody("{}"))).AssertErrorAsync((HttpStatusCode)405, "methodNotAllowed", "Method Not Allowed");
    }

    [Fact]
    public async Task Relationships_carry_owner_ruleset_and_mailbox()
    {
        var seq = (await (await _api.GetAsync($"{_f.BaseUri}/sequences/3")).JsonAsync()).GetProperty("data");
        Assert.Equal("private", seq.GetProperty("attributes").GetProperty("shareType").GetString());
        Assert.Equal(1, seq.GetProperty("relationships").GetProperty("owner").GetProperty("data").GetProperty("id").GetInt64());
        Assert.Equal(1, seq.GetProperty("relationships").GetProperty("ruleset").GetProperty("data").GetProperty("id").GetInt64());
        var user = (await (await _api.GetAsync($"{_f.BaseUri}/users/4")).JsonAsync()).GetProperty("data");
        Assert.Equal(4, user.GetProperty("relationships").GetProperty("mailbox").GetProperty("data").GetProperty("id").GetInt64());
        var mailbox = (await (await _api.GetAsync($"{_f.BaseUri}/mailboxes/4")).JsonAsync()).GetProperty("data");
        Assert.True(mailbox.GetProperty("attributes").GetProperty("sendDisabled").GetBoolean());
        var badCreds = (await (await _api.GetAsync($"{_f.BaseUri}/mailboxes/5")).JsonAsync()).GetProperty("data");
        Assert.Equal(JsonValueKind.String, badCreds.GetProperty("attributes").GetProperty("sendErroredAt").ValueKind);
        var ruleset = (await (await _api.GetAsync($"{_f.BaseUri}/rulesets/3")).JsonAsync()).GetProperty("data");
        Assert.Equal("only_if_inactive", ruleset.GetProperty("attributes").GetProperty("permitDuplicateProspects").GetString());
    }
}
