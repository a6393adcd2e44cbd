using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using LeanData.Outreach.Sandbox.Hosting;
using LeanData.Outreach.Sandbox.Model;
using Xunit;
using P = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Prospects;
using Q = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Sequences;
using U = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Users;

namespace LeanData.Outreach.Tests.Sandbox;

/// <summary>
/// The sandbox is as strict as Outreach documents itself (issue 9): 415 without the JSON:API Content-Type on
/// any request, refused write bodies Outreach refuses, the list parameters Outreach accepts, valid link URIs,
/// and X-RateLimit headers on every answer.
/// </summary>
public class StrictnessTests : IClassFixture<SandboxFixture>
{
    private readonly SandboxFixture _f;
    private readonly HttpClient _api;

    public StrictnessTests(SandboxFixture fixture)
    {
        _f = fixture;
        _f.Reset();
        _api = _f.CreateClient(_f.MintToken(U.Admin));
    }

    private Task<HttpResponseMessage> Post(string json) => _api.PostAsync($"{_f.BaseUri}/sequenceStates", SandboxHttp.JsonApiBody(json));

    private static string Rel(string name, string type, string id) => $"\"{name}\":{{\"data\":{{\"type\":\"{type}\",\"id\":{id}}}}}";

    private static string Body(string? prospectRel = null, string extra = "", string type = "sequenceState") =>
        "{\"data\":{\"type\":\"" + type + "\"" + extra + ",\"relationships\":{" +
        (prospectRel ?? Rel("prospect", "prospect", "1")) + "," + Rel("sequence", "sequence", "1") + "," + Rel("mailbox", "mailbox", "2") + "}}}";

    [Fact]
    public async Task A_GET_without_the_JSON_API_Content_Type_is_refused_with_415()
    {
        using var bare = _f.CreateClient(_f.MintToken(U.Admin), contentType: false);
        var r = await bare.GetAsync($"{_f.BaseUri}/sequences");
        var error = await r.AssertErrorAsync(HttpStatusCode.UnsupportedMediaType, "unsupportedMediaType", "Unsupported Media Type",
            "Expected Content-Type header to be 'application/vnd.api+json'.");
        Assert.True(r.Headers.Contains("X-RateLimit-Remaining"));

        var wrong = new HttpRequestMessage(HttpMethod.Get, $"{_f.BaseUri}/sequences") { Content = new ByteArrayContent([]) };
        wrong.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await bare.SendAsync(wrong)).StatusCode);

        var action = await bare.PostAsync($"{_f.BaseUri}/sequenceStates/3/actions/pause", null);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, action.StatusCode);
        lock (_f.Host.Data.Sync) Assert.Equal("active", _f.Host.Data.SequenceStates[3].State);

        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync($"{_f.BaseUri}/sequences")).StatusCode);
    }

    [Fact]
    public async Task The_lenient_mode_for_rehearsal_refuses_only_a_body_of_another_type()
    {
        await using var host = await SandboxHost.StartAsync(new SandboxOptions { Lenient = true });
        using var bare = new HttpClient();
        bare.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", host.MintToken(U.Admin).AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await bare.GetAsync($"{host.BaseUri}/sequences")).StatusCode);
        var plain = await bare.PostAsync($"{host.BaseUri}/sequenceStates", new StringContent(SandboxHttp.EnrollBody(1, 1, 2), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        Assert.True(SandboxOptions.Parse(["--lenient"]).Lenient);
        Assert.False(SandboxOptions.Parse([]).Lenient);
    }

    [Theory]
    [InlineData("string id", "prospect", "\"1\"", "", "sequenceState", "/data/relationships/prospect/data/id")]
    [InlineData("plural type", "prospects", "1", "", "sequenceState", "/data/relationships/prospect/data/type")]
    [InlineData("wrong resource type", "prospect", "1", "", "sequenceStates", "/data/type")]
    [InlineData("client id", "prospect", "1", ",\"id\":5", "sequenceState", "/data/id")]
    [InlineData("unknown attribute", "prospect", "1", ",\"attributes\":{\"state\":\"active\"}", "sequenceState", "/data/attributes/state")]
    public async Task Write_bodies_Outreach_refuses_are_refused_with_a_pointer(string why, string prospectType, string prospectId, string extra, string type, string pointer)
    {
        var r = await Post(Body(Rel("prospect", prospectType, prospectId), extra, type));
        var error = await r.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "validationError", "Validation Error");
        Assert.True(pointer == error.GetProperty("source").GetProperty("pointer").GetString(), why);
        Assert.Equal(0, _f.Host.Counters.SequenceStatesCreated);
    }

    [Fact]
    public async Task An_unknown_relationship_is_refused_and_malformed_json_is_a_400()
    {
        var unknown = await Post("{\"data\":{\"type\":\"sequenceState\",\"relationships\":{" + Rel("prospect", "prospect", "1") + "," +
            Rel("sequence", "sequence", "1") + "," + Rel("mailbox", "mailbox", "2") + "," + Rel("owner", "user", "1") + "}}}");
        var e = await unknown.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "validationError", "Validation Error");
        Assert.Equal("/data/relationships/owner", e.GetProperty("source").GetProperty("pointer").GetString());
        await (await Post("{not json")).AssertErrorAsync(HttpStatusCode.BadRequest, "badRequest", "Bad Request");
        Assert.Equal(HttpStatusCode.Created, (await Post(Body())).StatusCode);
    }

    [Fact]
    public async Task Relationship_attribute_and_time_range_filters_are_accepted()
    {
        var byEmail = await (await _api.GetAsync($"{_f.BaseUri}/sequenceStates?filter[prospect][emails]=xena.exclusive@acme.example")).JsonAsync();
        Assert.Equal(new long[] { 2 }, byEmail.GetProperty("data").EnumerateArray().Select(d => d.GetProperty("id").GetInt64()));

        var t = SandboxClock.Iso(SandboxClock.Epoch);
        Assert.Equal(HttpStatusCode.Created, (await Post(Body())).StatusCode); // created now, long after the seed epoch
        var seeded = await (await _api.GetAsync($"{_f.BaseUri}/sequenceStates?filter[updatedAt]=neginf..{t}")).JsonAsync();
        Assert.Equal(4, seeded.GetProperty("data").GetArrayLength());
        var later = await (await _api.GetAsync($"{_f.BaseUri}/sequenceStates?filter[updatedAt]={SandboxClock.Iso(SandboxClock.Epoch.AddDays(1))}..inf")).JsonAsync();
        Assert.Equal(1, later.GetProperty("data").GetArrayLength());
        var sequences = await (await _api.GetAsync($"{_f.BaseUri}/sequences?filter[createdAt]={t}..inf&filter[owner][email]=ada.admin@demo.example")).JsonAsync();
        Assert.Equal(9, sequences.GetProperty("data").GetArrayLength());
        var byMailbox = await (await _api.GetAsync($"{_f.BaseUri}/sequenceStates?filter[mailbox][email]=ben.sender@demo.example")).JsonAsync();
        Assert.Equal(5, byMailbox.GetProperty("data").GetArrayLength()); // the four seeded and the one created above
    }

    [Fact]
    public async Task Sort_is_honoured_across_pages()
    {
        var ids = new List<long>();
        var names = new List<string>();
        string? next = $"{_f.BaseUri}/sequences?sort=-name&page[size]=4";
        while (next is not null)
        {
            var page = await (await _api.GetAsync(next)).JsonAsync();
            foreach (var d in page.GetProperty("data").EnumerateArray())
            {
                ids.Add(d.GetProperty("id").GetInt64());
                names.Add(d.GetProperty("attributes").GetProperty("name").GetString()!);
            }
            next = page.GetProperty("links").TryGetProperty("next", out var n) ? n.GetString() : null;
        }
        Assert.Equal(9, ids.Distinct().Count());
        Assert.Equal(names.OrderByDescending(n => n, StringComparer.OrdinalIgnoreCase).ToList(), names);
        await (await _api.GetAsync($"{_f.BaseUri}/sequences?sort=bogus")).AssertErrorAsync(HttpStatusCode.BadRequest, "badRequest", "Bad Request");
    }

    [Fact]
    public async Task Fields_count_false_and_page_size_1000_are_accepted()
    {
        var sparse = await (await _api.GetAsync($"{_f.BaseUri}/prospects?fields[prospect]=emails,owner&count=false&page[size]=1000")).JsonAsync();
        var first = sparse.GetProperty("data")[0];
        Assert.Equal(new[] { "emails" }, first.GetProperty("attributes").EnumerateObject().Select(p => p.Name));
        Assert.Equal(new[] { "owner" }, first.GetProperty("relationships").EnumerateObject().Select(p => p.Name));
        Assert.False(sparse.TryGetProperty("meta", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await _api.GetAsync($"{_f.BaseUri}/prospects?page[size]=1001")).StatusCode);
    }

    [Fact]
    public async Task Related_and_next_links_are_valid_URIs_with_encoded_brackets()
    {
        var page = await (await _api.GetAsync($"{_f.BaseUri}/sequences?filter[shareType]=shared&page[size]=2")).JsonAsync();
        var links = new List<string> { page.GetProperty("links").GetProperty("next").GetString()!, page.GetProperty("links").GetProperty("first").GetString()! };
        foreach (var d in page.GetProperty("data").EnumerateArray())
            foreach (var rel in d.GetProperty("relationships").EnumerateObject())
                if (rel.Value.TryGetProperty("links", out var l)) links.Add(l.GetProperty("related").GetString()!);
        Assert.True(links.Count > 2);
        foreach (var link in links)
        {
            Assert.DoesNotContain('[', link);
            Assert.DoesNotContain(']', link);
            Assert.True(Uri.IsWellFormedUriString(link, UriKind.Absolute), link);
            Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync(link)).StatusCode);
        }
        var related = (await (await _api.GetAsync(links[2])).JsonAsync()).GetProperty("data");
        Assert.True(related.GetArrayLength() > 0);
    }

    [Fact]
    public async Task Answers_401_403_429_and_503_carry_the_rate_limit_headers()
    {
        static void AssertHeaders(HttpResponseMessage r, string what)
        {
            foreach (var h in new[] { "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset" })
                Assert.True(r.Headers.Contains(h), $"{what} ({(int)r.StatusCode}) lacks {h}");
        }
        using var anonymous = _f.CreateClient("not-a-token");
        AssertHeaders(await anonymous.GetAsync($"{_f.BaseUri}/sequences"), "401");
        using var narrow = _f.CreateClient(_f.MintToken(U.Admin, "prospects.read"));
        AssertHeaders(await narrow.GetAsync($"{_f.BaseUri}/sequences"), "403");

        _f.Host.Runtime.Maintenance = new MaintenanceWindow(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(5));
        var maintenance = await _api.GetAsync($"{_f.BaseUri}/sequences");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, maintenance.StatusCode);
        AssertHeaders(maintenance, "503");
        _f.Host.Runtime.Maintenance = null;

        _f.Host.Runtime.RateLimiter.Configure(new LeanData.Outreach.Sandbox.Hosting.RateLimitSettings(1, TimeSpan.FromMinutes(5)));
        await _api.GetAsync($"{_f.BaseUri}/sequences");
        var limited = await _api.GetAsync($"{_f.BaseUri}/sequences");
        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        AssertHeaders(limited, "429");
    }
}
