using System.Net;
using System.Text.Json;
using LeanData.Outreach.Sandbox.Hosting;
using Xunit;
using P = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Prospects;
using S = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Sequences;
using U = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Users;

namespace LeanData.Outreach.Tests.Sandbox;

/// <summary>The Bulk API's scopes, daily cap, rate-limit accounting and injected faults.</summary>
public class BatchLimitsTests : IClassFixture<FakeClockSandboxFixture>
{
    private const string PostRoute = "POST /batches/actions/prospectsAddToSequence";
    private readonly FakeClockSandboxFixture _f;
    private readonly HttpClient _api;
    private readonly HttpClient _admin = new(new SocketsHttpHandler { AllowAutoRedirect = false });

    public BatchLimitsTests(FakeClockSandboxFixture fixture)
    {
        _f = fixture;
        _f.Reset();
        _api = _f.CreateClient(_f.MintToken(U.Admin));
    }

    private static readonly long[] Three = { P.Success1, P.Success2, P.Success3 };

    private static Task AssertScopeAsync(HttpResponseMessage r, string scope) =>
        r.AssertErrorAsync(HttpStatusCode.Forbidden, "unauthorizedOauthScope", "Unauthorized OAuth Scope",
            $"Your authorization does not include the required scope '{scope}'.");

    [Fact]
    public async Task Posts_need_batches_write_and_prospects_write_and_reads_need_batches_read()
    {
        var id = await _api.StartBatchAsync(_f.BaseUri, Three, S.SharedEmail, U.Sender);
        string[] everythingButBatches = { "users.all", "mailboxes.all", "sequences.all", "sequenceSteps.all", "prospects.all", "rulesets.all", "sequenceStates.all" };

        using var noBatches = _f.CreateClient(_f.MintToken(U.Admin, everythingButBatches));
        await AssertScopeAsync(await noBatches.AddToSequenceAsync(_f.BaseUri, Three, S.SharedEmail, U.Sender), "batches.write");
        await AssertScopeAsync(await noBatches.GetAsync($"{_f.BaseUri}/batches/{id}"), "batches.read");
        await AssertScopeAsync(await noBatches.GetAsync($"{_f.BaseUri}/batches"), "batches.read");
        await AssertScopeAsync(await noBatches.GetAsync($"{_f.BaseUri}/batchItems?filter[batchId]={id}"), "batches.read");
        await AssertScopeAsync(await noBatches.GetAsync($"{_f.BaseUri}/batchItems/1"), "batches.read");
        await AssertScopeAsync(await noBatches.PostAsync($"{_f.BaseUri}/batches/{id}/actions/cancel", null), "batches.write");

        using var readProspects = _f.CreateClient(_f.MintToken(U.Admin, "batches.all", "prospects.read", "sequenceStates.all"));
        await AssertScopeAsync(await readProspects.AddToSequenceAsync(_f.BaseUri, Three, S.SharedEmail, U.Sender), "prospects.write");

        using var readBatches = _f.CreateClient(_f.MintToken(U.Admin, "batches.read", "prospects.all"));
        await AssertScopeAsync(await readBatches.AddToSequenceAsync(_f.BaseUri, Three, S.SharedEmail, U.Sender), "batches.write");
        Assert.Equal(HttpStatusCode.OK, (await readBatches.GetAsync($"{_f.BaseUri}/batches/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await readBatches.GetAsync($"{_f.BaseUri}/batchItems?filter[batchId]={id}")).StatusCode);

        using var writeOnly = _f.CreateClient(_f.MintToken(U.Admin, "batches.write", "prospects.write"));
        Assert.Equal(HttpStatusCode.OK, (await writeOnly.AddToSequenceAsync(_f.BaseUri, new[] { P.Success4 }, S.SharedEmail, U.Sender)).StatusCode);
        lock (_f.Host.Data.Sync) Assert.Equal(2, _f.Host.Data.Batches.Count);
    }

    [Fact]
    public async Task Minted_and_authorized_tokens_carry_the_batches_scopes_unless_told_not_to()
    {
        Assert.Contains("batches.all", await MintedScopeAsync(new { userId = 1 }));
        var without = await MintedScopeAsync(new { userId = 1, batchScopes = false });
        Assert.DoesNotContain("batches", without);
        Assert.Contains("sequenceStates.all", without);

        Assert.Contains("batches.all", await AuthorizedScopeAsync());
        await _admin.AdminPostAsync(_f.AdminUri, "oauth", new { batchScopes = false });
        var authorized = await AuthorizedScopeAsync();
        Assert.DoesNotContain("batches", authorized);
        Assert.Contains("prospects.all", authorized);
    }

    private async Task<string> MintedScopeAsync(object body)
    {
        var r = await _admin.AdminPostAsync(_f.AdminUri, "tokens", body);
        var token = (await r.JsonAsync()).GetProperty("access_token").GetString()!;
        using var api = _f.CreateClient(token);
        return (await (await api.GetAsync(_f.BaseUri.ToString())).JsonAsync()).GetProperty("meta").GetProperty("token").GetProperty("scope").GetString()!;
    }

    private async Task<string> AuthorizedScopeAsync()
    {
        const string redirect = "http://127.0.0.1:1/callback";
        var r = await _admin.GetAsync($"{_f.OAuthUri}/authorize?client_id=ld-demo-client&redirect_uri={Uri.EscapeDataString(redirect)}&response_type=code&state=s");
        Assert.Equal(HttpStatusCode.Found, r.StatusCode);
        var code = System.Web.HttpUtility.ParseQueryString(r.Headers.Location!.Query)["code"]!;
        var token = await _admin.PostAsync($"{_f.OAuthUri}/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirect,
            ["client_id"] = "ld-demo-client", ["client_secret"] = "ld-demo-secret",
        }));
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        return (await token.JsonAsync()).GetProperty("scope").GetString()!;
    }

    [Fact]
    public async Task Past_the_daily_cap_the_post_answers_422_until_the_next_utc_day()
    {
        var view = await (await _admin.GetAsync($"{_f.AdminUri}/batches")).JsonAsync();
        Assert.Equal(5_000_000, view.GetProperty("dailyItemCap").GetInt64());
        Assert.Equal(BatchSettings.Default.ItemsPerSecond, view.GetProperty("itemsPerSecond").GetInt32());

        await _admin.AdminPostAsync(_f.AdminUri, "batches", new { dailyItemCap = 5 });
        await _api.StartBatchAsync(_f.BaseUri, Three, S.SharedEmail, U.Sender);
        var refused = await _api.AddToSequenceAsync(_f.BaseUri, new[] { P.Success4, P.Success5, P.Success6 }, S.SharedEmail, U.Sender);
        var e = await refused.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "validationError", "Validation Error",
            "Daily bulk limit reached: 3 of 5 batch items used today and this request adds 3; please try again at ");
        Assert.Equal("/data/attributes/ids", e.GetProperty("source").GetProperty("pointer").GetString());
        Assert.Equal(HttpStatusCode.OK, (await _api.AddToSequenceAsync(_f.BaseUri, new[] { P.Success4, P.Success5 }, S.SharedEmail, U.Sender)).StatusCode);
        Assert.Equal(5, (await (await _admin.GetAsync($"{_f.AdminUri}/batches")).JsonAsync()).GetProperty("itemsUsedToday").GetInt64());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await _api.AddToSequenceAsync(_f.BaseUri, new[] { P.Success6 }, S.SharedEmail, U.Sender)).StatusCode);

        var now = _f.Clock.GetUtcNow();
        _f.Clock.Advance(new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero) - now);
        using var tomorrow = _f.CreateClient(_f.MintToken(U.Admin));
        Assert.Equal(HttpStatusCode.OK, (await tomorrow.AddToSequenceAsync(_f.BaseUri, new[] { P.Success6 }, S.SharedEmail, U.Sender)).StatusCode);
        Assert.Equal(6, _f.Host.Counters.BatchItemsAccepted);
    }

    [Fact]
    public async Task Each_bulk_request_counts_once_against_the_users_rate_limit_whatever_its_size()
    {
        await _admin.AdminPostAsync(_f.AdminUri, "rate-limit", new { limit = 4, windowSeconds = 60 });
        await _admin.AdminPostAsync(_f.AdminUri, "seed", new { prospects = 1_000, users = 5, sequences = 5, seed = 3, errorRate = 0 });
        var post = await _api.AddToSequenceAsync(_f.BaseUri, Enumerable.Range(1, 1_000).Select(i => (long)i), 1, 1);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("3", post.Headers.GetValues("X-RateLimit-Remaining").Single());
        var id = (await post.JsonAsync()).GetProperty("data").GetProperty("id").GetInt64();
        _f.Clock.Advance(TimeSpan.FromSeconds(1));
        var poll = await _api.GetAsync($"{_f.BaseUri}/batches/{id}");
        Assert.Equal("2", poll.Headers.GetValues("X-RateLimit-Remaining").Single());
        var items = await _api.GetAsync($"{_f.BaseUri}/batchItems?filter[batchId]={id}&page[size]=1000");
        Assert.Equal("1", items.Headers.GetValues("X-RateLimit-Remaining").Single());
        var lookup = await _api.GetAsync($"{_f.BaseUri}/sequenceStates?filter[sequence][id]=1&filter[prospect][id]={string.Join(',', Enumerable.Range(1, 1_000))}&page[size]=1000");
        Assert.Equal(1_000, (await lookup.JsonAsync()).GetProperty("data").GetArrayLength());
        Assert.Equal("0", lookup.Headers.GetValues("X-RateLimit-Remaining").Single());
        await (await _api.GetAsync($"{_f.BaseUri}/batches/{id}")).AssertErrorAsync((HttpStatusCode)429, "rateLimitExceeded", "Rate Limit Exceeded");

        Assert.Equal(1, _f.Host.Counters.Requests(PostRoute, 200));
        Assert.Equal(1, _f.Host.Counters.Requests("GET /batches/{id}", 200));
        Assert.Equal(1, _f.Host.Counters.Requests("GET /batches/{id}", 429));
        Assert.Equal(1, _f.Host.Counters.BatchPosts);
        Assert.Equal(2, _f.Host.Counters.BatchPolls);
        var counters = await (await _admin.GetAsync($"{_f.AdminUri}/counters")).JsonAsync();
        Assert.Equal(1, counters.GetProperty("batchPosts").GetInt64());
        Assert.Equal(2, counters.GetProperty("batchPolls").GetInt64());
        Assert.Equal(1_000, counters.GetProperty("batchItemsProcessed").GetInt64());
    }

    [Fact]
    public async Task A_connection_dropped_after_the_batch_is_created_still_leaves_the_batch_running()
    {
        await _admin.AdminPostAsync(_f.AdminUri, "faults", new { route = PostRoute, kind = "dropAfterBody", count = 1 });
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => _api.AddToSequenceAsync(_f.BaseUri, Three, S.SharedEmail, U.Sender));
        Assert.Equal(1, _f.Host.Counters.Requests(PostRoute, 0));
        _f.Clock.Advance(TimeSpan.FromSeconds(1));
        var list = await (await _api.GetAsync($"{_f.BaseUri}/batches")).JsonAsync();
        var batch = Assert.Single(list.GetProperty("data").EnumerateArray());
        Assert.Equal("finished", batch.Attr("state").GetString());
        foreach (var p in Three) Assert.Equal(1, _f.Host.Counters.Enrollments(p, S.SharedEmail));
    }

    [Fact]
    public async Task Polls_can_meet_injected_5xx_while_the_batch_keeps_processing()
    {
        var id = await _api.StartBatchAsync(_f.BaseUri, Three, S.SharedEmail, U.Sender);
        await _admin.AdminPostAsync(_f.AdminUri, "faults", new { route = "GET /batches/{id}", kind = "status", status = 503, count = 2 });
        await _admin.AdminPostAsync(_f.AdminUri, "faults", new { route = "GET /batchItems", kind = "status", status = 502, count = 1 });
        _f.Clock.Advance(TimeSpan.FromSeconds(1));
        await (await _api.GetAsync($"{_f.BaseUri}/batches/{id}")).AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "serviceUnavailable", "Service Unavailable");
        await (await _api.GetAsync($"{_f.BaseUri}/batches/{id}")).AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "serviceUnavailable", "Service Unavailable");
        await (await _api.GetAsync($"{_f.BaseUri}/batchItems?filter[batchId]={id}")).AssertErrorAsync(HttpStatusCode.BadGateway, "badGateway", "Bad Gateway");
        Assert.Equal("finished", (await _api.BatchAsync(_f.BaseUri, id)).Attr("state").GetString());
        Assert.Equal(3, (await _api.ItemsAsync(_f.BaseUri, id)).Count);
        Assert.Equal(2, _f.Host.Counters.Requests("GET /batches/{id}", 503));
    }

    [Fact]
    public async Task An_injected_failBatch_fault_ends_the_batch_failed_with_its_rest_unprocessed()
    {
        await _admin.AdminPostAsync(_f.AdminUri, "faults", new { route = PostRoute, kind = "failBatch", afterItems = 2, count = 1 });
        var ids = new[] { P.Success1, P.Success2, P.Success3, P.Success4, P.Success5 };
        var id = await _api.StartBatchAsync(_f.BaseUri, ids, S.SharedEmail, U.Sender);
        _f.Clock.Advance(TimeSpan.FromSeconds(1));
        var batch = await _api.BatchAsync(_f.BaseUri, id);
        Assert.Equal("failed", batch.Attr("state").GetString());
        Assert.Equal(3, batch.Attr("pending").GetInt32());
        Assert.Equal(0, batch.Attr("failures").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, batch.Attr("finishedAt").ValueKind);
        Assert.Contains("failed", batch.Attr("summary").GetProperty("error").GetString());
        var items = await _api.ItemsAsync(_f.BaseUri, id);
        Assert.Equal(new[] { "finished", "finished", "pending", "pending", "pending" }, items.Select(i => i.Attr("state").GetString()));
        Assert.All(items, i => Assert.False(i.Attr("failed").GetBoolean()));
        Assert.Equal(2, _f.Host.Counters.SequenceStatesCreated);

        // The fault was used up: the next batch finishes.
        var next = await _api.StartBatchAsync(_f.BaseUri, new[] { P.Success6 }, S.SharedEmail, U.Sender);
        _f.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("finished", (await _api.BatchAsync(_f.BaseUri, next)).Attr("state").GetString());
    }

    [Fact]
    public async Task Batch_knobs_come_from_the_command_line_and_the_admin_api_and_reset_restores_them()
    {
        var o = SandboxOptions.Parse(new[] { "--batch-rate", "10", "--batch-daily-cap", "7" });
        Assert.Equal(10, o.BatchItemsPerSecond);
        Assert.Equal(7, o.BatchDailyItemCap);
        Assert.Throws<ArgumentException>(() => SandboxOptions.Parse(new[] { "--batch-rate", "0" }));

        var bad = await _admin.PostAsync($"{_f.AdminUri}/batches", new StringContent("{\"itemsPerSecond\":0}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        await _admin.AdminPostAsync(_f.AdminUri, "batches", new { itemsPerSecond = 7, dailyItemCap = 9 });
        await _api.StartBatchAsync(_f.BaseUri, Three, S.SharedEmail, U.Sender);
        var view = await (await _admin.GetAsync($"{_f.AdminUri}/batches")).JsonAsync();
        Assert.Equal(7, view.GetProperty("itemsPerSecond").GetInt32());
        Assert.Equal(9, view.GetProperty("dailyItemCap").GetInt64());
        Assert.Equal(3, view.GetProperty("itemsUsedToday").GetInt64());
        Assert.Equal(BatchSettings.MaxIdsPerRequest, view.GetProperty("maxIdsPerRequest").GetInt32());
        await _admin.AdminPostAsync(_f.AdminUri, "batches", new { resetDailyCount = true });
        Assert.Equal(0, (await (await _admin.GetAsync($"{_f.AdminUri}/batches")).JsonAsync()).GetProperty("itemsUsedToday").GetInt64());

        await _admin.AdminPostAsync(_f.AdminUri, "reset", new { });
        view = await (await _admin.GetAsync($"{_f.AdminUri}/batches")).JsonAsync();
        Assert.Equal(BatchSettings.Default.ItemsPerSecond, view.GetProperty("itemsPerSecond").GetInt32());
        Assert.Equal(BatchSettings.Default.DailyItemCap, view.GetProperty("dailyItemCap").GetInt64());
        lock (_f.Host.Data.Sync) Assert.Empty(_f.Host.Data.Batches);
    }
}
