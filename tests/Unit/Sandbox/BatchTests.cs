using System.Net;
using LeanData.Outreach.Sandbox.Api;
using LeanData.Outreach.Sandbox.Hosting;
using Xunit;
using P = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Prospects;
using S = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Sequences;
using U = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Users;

namespace LeanData.Outreach.Tests.Sandbox;

/// <summary>The Bulk API's prospectsAddToSequence, batches and batchItems, on a fake clock.</summary>
public class BatchTests : IClassFixture<FakeClockSandboxFixture>
{
    private readonly FakeClockSandboxFixture _f;
    private readonly HttpClient _api;

    public BatchTests(FakeClockSandboxFixture fixture)
    {
        _f = fixture;
        _f.Reset();
        _api = _f.CreateClient(_f.MintToken(U.Admin));
    }

    private void Advance(double seconds) => _f.Clock.Advance(TimeSpan.FromSeconds(seconds));

    /// <summary>The sandbox's time <paramref name="seconds"/> after <paramref name="start"/>, as the API writes it.</summary>
    private static string At(DateTimeOffset start, double seconds) => LeanData.Outreach.Sandbox.Model.SandboxClock.Iso(start.AddSeconds(seconds));

    [Fact]
    public async Task A_batch_is_answered_pending_and_enrolls_its_prospects_as_the_clock_runs()
    {
        var t0 = _f.Clock.GetUtcNow();
        var response = await _api.AddToSequenceAsync(_f.BaseUri, new[] { P.Success1, P.Success2, P.Success3 }, S.SharedEmail, U.Sender);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SandboxHttp.JsonApi, response.Content.Headers.ContentType?.MediaType);
        var batch = (await response.JsonAsync()).GetProperty("data");
        var id = batch.GetProperty("id").GetInt64();
        Assert.Equal("prospectsAddToSequence", batch.Attr("action").GetString());
        Assert.Equal("pending", batch.Attr("state").GetString());
        Assert.Equal(3, batch.Attr("total").GetInt32());
        Assert.Equal(3, batch.Attr("pending").GetInt32());
        Assert.Equal(0, batch.Attr("failures").GetInt32());
        Assert.Equal(3, batch.Attr("confirmCount").GetInt32());
        Assert.False(batch.Attr("confirmedCountRequired").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, batch.Attr("startedAt").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, batch.Attr("finishedAt").ValueKind);
        Assert.Equal(U.Admin, batch.GetProperty("relationships").GetProperty("creator").GetProperty("data").GetProperty("id").GetInt64());
        Assert.Equal(0, _f.Host.Counters.SequenceStatesCreated);

        Advance(1);
        var done = await _api.BatchAsync(_f.BaseUri, id);
        Assert.Equal("finished", done.Attr("state").GetString());
        Assert.Equal(0, done.Attr("pending").GetInt32());
        Assert.Equal(At(t0, 1), done.Attr("finishedAt").GetString());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, done.Attr("startedAt").ValueKind);

        var items = await _api.ItemsAsync(_f.BaseUri, id);
        Assert.Equal(3, items.Count);
        Assert.All(items, i =>
        {
            Assert.Equal("batchItem", i.GetProperty("type").GetString());
            Assert.Equal(id, i.Attr("batchId").GetInt64());
            Assert.Equal("finished", i.Attr("state").GetString());
            Assert.False(i.Attr("failed").GetBoolean());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, i.Attr("info").ValueKind);
            Assert.Equal(System.Text.Json.JsonValueKind.String, i.Attr("data").ValueKind);
        });
        foreach (var p in new[] { P.Success1, P.Success2, P.Success3 }) Assert.Equal(1, _f.Host.Counters.Enrollments(p, S.SharedEmail));

        // The same sequenceStates as POST /sequenceStates makes: active, with the mailbox and its user.
        var states = await (await _api.GetAsync($"{_f.BaseUri}/sequenceStates?filter[sequence][id]={S.SharedEmail}&filter[prospect][id]={P.Success1},{P.Success2},{P.Success3}")).JsonAsync();
        Assert.Equal(3, states.GetProperty("data").GetArrayLength());
        Assert.All(states.GetProperty("data").EnumerateArray(), s =>
        {
            Assert.Equal("active", s.Attr("state").GetString());
            Assert.Equal(U.Sender, s.GetProperty("relationships").GetProperty("mailbox").GetProperty("data").GetProperty("id").GetInt64());
            Assert.Equal(U.Sender, s.GetProperty("relationships").GetProperty("user").GetProperty("data").GetProperty("id").GetInt64());
        });
        var one = await (await _api.GetAsync($"{_f.BaseUri}/batchItems/{items[0].GetProperty("id").GetInt64()}")).JsonAsync();
        Assert.Equal(id, one.GetProperty("data").Attr("batchId").GetInt64());
    }

    [Fact]
    public async Task Processing_follows_the_configured_rate_so_polls_see_progress()
    {
        _f.Host.Runtime.Reset(new LeanData.Outreach.Sandbox.Seeding.SeedRequest { Prospects = 3_000, Users = 5, Sequences = 5, RandomSeed = 3, ErrorRate = 0 });
        using var admin = new HttpClient();
        await admin.AdminPostAsync(_f.AdminUri, "batches", new { itemsPerSecond = 1_000 });
        using var api = _f.CreateClient(_f.MintToken(1));
        var id = await api.StartBatchAsync(_f.BaseUri, Enumerable.Range(1, 2_500).Select(i => (long)i), 1, 1);

        Advance(1);
        var b = await api.BatchAsync(_f.BaseUri, id);
        Assert.Equal("pending", b.Attr("state").GetString());
        Assert.Equal(1_500, b.Attr("pending").GetInt32());
        Assert.Equal(1_000, _f.Host.Counters.BatchItemsProcessed);
        Advance(1);
        Assert.Equal(500, (await api.BatchAsync(_f.BaseUri, id)).Attr("pending").GetInt32());
        Advance(0.5);
        b = await api.BatchAsync(_f.BaseUri, id);
        Assert.Equal("finished", b.Attr("state").GetString());
        Assert.Equal(2_500, _f.Host.Counters.SequenceStatesCreated);
        Assert.Equal(3, _f.Host.Counters.BatchPolls);
        Assert.Equal(1, _f.Host.Counters.BatchPosts);
    }

    [Fact]
    public async Task Without_skipConfirmation_the_batch_waits_in_confirming_until_confirmed()
    {
        var t0 = _f.Clock.GetUtcNow();
        var response = await _api.AddToSequenceAsync(_f.BaseUri, new[] { P.Success1, P.Success2 }, S.SharedEmail, U.Sender, skipConfirmation: false);
        var batch = (await response.JsonAsync()).GetProperty("data");
        Assert.Equal("confirming", batch.Attr("state").GetString());
        var id = batch.GetProperty("id").GetInt64();
        Advance(5);
        Assert.Equal("confirming", (await _api.BatchAsync(_f.BaseUri, id)).Attr("state").GetString());
        Assert.Equal(0, _f.Host.Counters.SequenceStatesCreated);

        await (await _api.PostAsync($"{_f.BaseUri}/batches/{id}/actions/confirm?actionParams[confirmedCount]=3", null))
            .AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "validationError", "Validation Error", "Confirmed count 3 does not match");
        var confirm = await _api.PostAsync($"{_f.BaseUri}/batches/{id}/actions/confirm?actionParams[confirmedCount]=2", null);
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        var confirmed = (await confirm.JsonAsync()).GetProperty("data");
        Assert.Equal("pending", confirmed.Attr("state").GetString());
        Assert.Equal(At(t0, 5), confirmed.Attr("confirmedAt").GetString());
        Advance(1);
        Assert.Equal("finished", (await _api.BatchAsync(_f.BaseUri, id)).Attr("state").GetString());
        Assert.Equal(2, _f.Host.Counters.SequenceStatesCreated);

        await (await _api.PostAsync($"{_f.BaseUri}/batches/{id}/actions/confirm", null))
            .AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "validationError", "Validation Error", "Cannot transition to requested state: confirm needs 'confirming'");
        await (await _api.PostAsync($"{_f.BaseUri}/batches/{id}/actions/cancel", null))
            .AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "validationError", "Validation Error", "Cannot transition to requested state: cancel needs");
        await (await _api.PostAsync($"{_f.BaseUri}/batches/999/actions/confirm", null))
            .AssertErrorAsync(HttpStatusCode.NotFound, "resourceNotFound", "Resource Not Found", "Could not find 'batch' with ID '999'.");
        Assert.Equal(5, _f.Host.Counters.BatchActions);
    }

    [Fact]
    public async Task Cancel_stops_a_confirming_batch_and_a_running_one_between_items()
    {
        var t0 = _f.Clock.GetUtcNow();
        var waiting = (await (await _api.AddToSequenceAsync(_f.BaseUri, new[] { P.Success1 }, S.SharedEmail, U.Sender, skipConfirmation: false)).JsonAsync()).GetProperty("data").GetProperty("id").GetInt64();
        var canceled = (await (await _api.PostAsync($"{_f.BaseUri}/batches/{waiting}/actions/cancel", null)).JsonAsync()).GetProperty("data");
        Assert.Equal("canceled", canceled.Attr("state").GetString());
        Assert.Equal(At(t0, 0), canceled.Attr("canceledAt").GetString());
        Assert.Equal("canceled", (await _api.ItemsAsync(_f.BaseUri, waiting))[0].Attr("state").GetString());
        await (await _api.PostAsync($"{_f.BaseUri}/batches/{waiting}/actions/confirm", null))
            .AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "validationError", "Validation Error", "Cannot transition to requested state");

        _f.Host.Runtime.Reset(new LeanData.Outreach.Sandbox.Seeding.SeedRequest { Prospects = 3_000, Users = 5, Sequences = 5, RandomSeed = 3, ErrorRate = 0 });
        _f.Host.Runtime.BatchSettings = new BatchSettings(1_000, 5_000_000);
        using var api = _f.CreateClient(_f.MintToken(1));
        var running = await api.StartBatchAsync(_f.BaseUri, Enumerable.Range(1, 2_500).Select(i => (long)i), 1, 1);
        Advance(1);
        var stopped = (await (await api.PostAsync($"{_f.BaseUri}/batches/{running}/actions/cancel", null)).JsonAsync()).GetProperty("data");
        Assert.Equal("canceled", stopped.Attr("state").GetString());
        Assert.Equal(0, stopped.Attr("pending").GetInt32());
        Advance(5);
        Assert.Equal(1_000, _f.Host.Counters.SequenceStatesCreated);
        var items = await api.ItemsAsync(_f.BaseUri, running);
        Assert.Equal(1_000, items.Count(i => i.Attr("state").GetString() == "finished"));
        Assert.Equal(1_500, items.Count(i => i.Attr("state").GetString() == "canceled"));
        var canceledOnly = await api.ItemsAsync(_f.BaseUri, running, "&filter[state]=canceled");
        Assert.Equal(1_500, canceledOnly.Count);
    }

    [Fact]
    public async Task Duplicates_in_a_batch_and_prospects_already_enrolled_behave_as_single_posts_do()
    {
        Assert.Equal(HttpStatusCode.Created, (await _api.EnrollAsync(_f.BaseUri, P.Success2, S.SharedEmail, U.Sender)).StatusCode);
        var id = await _api.StartBatchAsync(_f.BaseUri, new[] { P.Success1, P.Success1, P.Success2 }, S.SharedEmail, U.Sender);
        var allow = await _api.StartBatchAsync(_f.BaseUri, new[] { P.Success3, P.Success3 }, S.SharedCallOnly, null);
        Advance(1);
        var items = await _api.ItemsAsync(_f.BaseUri, id);
        Assert.Equal(new[] { false, true, true }, items.Select(i => i.Attr("failed").GetBoolean()));
        Assert.Equal(EnrollmentMessages.AlreadyInSequence, items[1].Attr("info").GetString());
        Assert.Equal(EnrollmentMessages.AlreadyInSequence, items[2].Attr("info").GetString());
        Assert.Equal(2, (await _api.BatchAsync(_f.BaseUri, id)).Attr("failures").GetInt32());
        Assert.Equal(1, _f.Host.Counters.Enrollments(P.Success1, S.SharedEmail));
        // The call sequence's ruleset allows duplicates: both items enroll, as two POSTs would.
        Assert.All(await _api.ItemsAsync(_f.BaseUri, allow), i => Assert.False(i.Attr("failed").GetBoolean()));
        Assert.Equal(2, _f.Host.Counters.Enrollments(P.Success3, S.SharedCallOnly));
    }

    [Fact]
    public async Task BatchItems_filter_by_failed_and_state_and_page_by_cursor()
    {
        _f.Host.Runtime.Reset(new LeanData.Outreach.Sandbox.Seeding.SeedRequest { Prospects = 2_600, Users = 5, Sequences = 5, RandomSeed = 3, ErrorRate = 0 });
        using var api = _f.CreateClient(_f.MintToken(1));
        // 2,500 real prospects and 100 unknown ids (404 detail as info).
        var ids = Enumerable.Range(1, 2_500).Select(i => (long)i).Concat(Enumerable.Range(900_001, 100).Select(i => (long)i)).ToList();
        var other = await api.StartBatchAsync(_f.BaseUri, new long[] { 1 }, 2, null);
        var id = await api.StartBatchAsync(_f.BaseUri, ids, 1, 1);
        Advance(1);
        Assert.Equal("finished", (await api.BatchAsync(_f.BaseUri, id)).Attr("state").GetString());

        var pages = 0;
        string? next = $"{_f.BaseUri}/batchItems?filter[batchId]={id}&page[size]=1000&count=true";
        var seen = new List<long>();
        while (next is not null)
        {
            var page = await (await api.GetAsync(next)).JsonAsync();
            pages++;
            Assert.Equal(2_600, page.GetProperty("meta").GetProperty("count").GetInt32());
            seen.AddRange(page.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
            Assert.StartsWith($"{_f.BaseUri}/batchItems?", page.GetProperty("links").GetProperty("first").GetString());
            next = page.GetProperty("links").TryGetProperty("next", out var n) ? n.GetString() : null;
        }
        Assert.Equal(3, pages);
        Assert.Equal(2_600, seen.Distinct().Count());
        Assert.Equal(seen.OrderBy(x => x), seen);

        var failed = await api.ItemsAsync(_f.BaseUri, id, "&filter[failed]=true");
        Assert.Equal(100, failed.Count);
        Assert.All(failed, i => Assert.StartsWith("Could not find 'prospect' with ID '9", i.Attr("info").GetString()));
        Assert.Equal(2_500, (await api.ItemsAsync(_f.BaseUri, id, "&filter[state]=finished")).Count);
        Assert.Single(await api.ItemsAsync(_f.BaseUri, other));
        await (await api.GetAsync($"{_f.BaseUri}/batchItems?page[size]=1001")).AssertErrorAsync(HttpStatusCode.BadRequest, "badRequest", "Bad Request");
        await (await api.GetAsync($"{_f.BaseUri}/batchItems/999999")).AssertErrorAsync(HttpStatusCode.NotFound, "resourceNotFound", "Resource Not Found", "Could not find 'batchItem' with ID '999999'.");

        var list = await (await api.GetAsync($"{_f.BaseUri}/batches?filter[state]=finished&sort=-total")).JsonAsync();
        Assert.Equal(new[] { id, other }, list.GetProperty("data").EnumerateArray().Select(b => b.GetProperty("id").GetInt64()));
    }

    public static TheoryData<string, string?, HttpStatusCode, string> BadBodies() => new()
    {
        { "{\"data\":{\"type\":\"batch\",\"attributes\":{\"ids\":[1,\"2\"],\"sequenceId\":1,\"mailboxId\":2}}}", null, HttpStatusCode.UnprocessableEntity, "/data/attributes/ids/1" },
        { "{\"data\":{\"type\":\"batch\",\"attributes\":{\"ids\":[],\"sequenceId\":1,\"mailboxId\":2}}}", null, HttpStatusCode.UnprocessableEntity, "/data/attributes/ids" },
        { "{\"data\":{\"type\":\"batch\",\"attributes\":{\"sequenceId\":1,\"mailboxId\":2}}}", null, HttpStatusCode.UnprocessableEntity, "/data/attributes/ids" },
        { "{\"data\":{\"type\":\"batch\",\"attributes\":{\"ids\":[1],\"mailboxId\":2}}}", null, HttpStatusCode.UnprocessableEntity, "/data/attributes/sequenceId" },
        { "{\"data\":{\"type\":\"batch\",\"attributes\":{\"ids\":[1],\"sequenceId\":\"1\"}}}", null, HttpStatusCode.UnprocessableEntity, "/data/attributes/sequenceId" },
        { "{\"data\":{\"type\":\"batch\",\"attributes\":{\"ids\":[1],\"sequenceId\":1,\"color\":\"red\"}}}", null, HttpStatusCode.UnprocessableEntity, "/data/attributes/color" },
        { "{\"data\":{\"type\":\"prospect\",\"attributes\":{\"ids\":[1],\"sequenceId\":1}}}", null, HttpStatusCode.UnprocessableEntity, "/data/type" },
        { "{\"data\":{\"type\":\"batch\",\"id\":5,\"attributes\":{\"ids\":[1],\"sequenceId\":1}}}", null, HttpStatusCode.UnprocessableEntity, "/data/id" },
        { "{not json", null, HttpStatusCode.BadRequest, "" },
        { "{\"data\":{\"type\":\"batch\",\"attributes\":{\"ids\":[1],\"sequenceId\":1}}}", "actionParams[skipConfirmation]=yes", HttpStatusCode.BadRequest, "" },
        { "{\"data\":{\"type\":\"batch\",\"attributes\":{\"ids\":[1],\"sequenceId\":1}}}", "actionParams[filter][id]=1", HttpStatusCode.BadRequest, "" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_request_is_refused_and_creates_no_batch(string body, string? query, HttpStatusCode status, string pointer)
    {
        var response = await _api.PostAsync($"{_f.BaseUri}/batches/actions/prospectsAddToSequence?{query}", SandboxHttp.JsonApiBody(body));
        if (status == HttpStatusCode.BadRequest)
        {
            await response.AssertErrorAsync(status, "badRequest", "Bad Request");
        }
        else
        {
            var e = await response.AssertErrorAsync(status, "validationError", "Validation Error");
            Assert.Equal(pointer, e.GetProperty("source").GetProperty("pointer").GetString());
        }
        lock (_f.Host.Data.Sync) Assert.Empty(_f.Host.Data.Batches);
    }

    [Fact]
    public async Task Up_to_100000_ids_are_accepted_and_one_more_is_refused()
    {
        var tooMany = await _api.AddToSequenceAsync(_f.BaseUri, Enumerable.Range(1, BatchSettings.MaxIdsPerRequest + 1).Select(i => (long)i), S.SharedEmail, U.Sender);
        await tooMany.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "validationError", "Validation Error", "Ids can have at most 100,000 items, got 100,001.");
        var id = await _api.StartBatchAsync(_f.BaseUri, Enumerable.Range(1, BatchSettings.MaxIdsPerRequest).Select(i => (long)i), S.SharedEmail, U.Sender);
        Assert.Equal(100_000, (await _api.BatchAsync(_f.BaseUri, id)).Attr("total").GetInt32());
    }

    [Fact]
    public async Task Another_bulk_action_is_not_served()
    {
        await (await _api.PostAsync($"{_f.BaseUri}/batches/actions/prospectsDestroyAll", SandboxHttp.JsonApiBody("{}")))
            .AssertErrorAsync(HttpStatusCode.MethodNotAllowed, "methodNotAllowed", "Method Not Allowed");
    }
}
