using System.Net;
using LeanData.Outreach.Sandbox.Hosting;
using LeanData.Outreach.Sandbox.Seeding;
using Xunit;

namespace LeanData.Outreach.Tests.Sandbox;

/// <summary>
/// 100,000 items at the default rate finish within 5 s of the sandbox's clock, and the results can be read back
/// 1,000 prospects per sequenceStates request (long comma lists of ids, page[size]=1000, cursor pages).
/// </summary>
public class BatchThroughputTests : IClassFixture<FakeClockSandboxFixture>
{
    private const int Count = BatchSettings.MaxIdsPerRequest;
    private readonly FakeClockSandboxFixture _f;

    public BatchThroughputTests(FakeClockSandboxFixture fixture)
    {
        _f = fixture;
        _f.Host.Runtime.Reset(new SeedRequest { Prospects = Count, Users = 20, Sequences = 5, RandomSeed = 11, ErrorRate = 0 });
    }

    private static IEnumerable<long> Ids(int from, int count) => Enumerable.Range(from, count).Select(i => (long)i);

    [Fact]
    public async Task Hundred_thousand_items_finish_within_five_seconds_of_the_sandbox_clock_at_the_default_rate()
    {
        using var api = _f.CreateClient(_f.MintToken(1));
        var id = await api.StartBatchAsync(_f.BaseUri, Ids(1, Count), 1, 1);
        var created = DateTimeOffset.Parse((await api.BatchAsync(_f.BaseUri, id)).Attr("createdAt").GetString()!);

        var seconds = 0;
        string state;
        do
        {
            _f.Clock.Advance(TimeSpan.FromSeconds(1));
            seconds++;
            var b = await api.BatchAsync(_f.BaseUri, id);
            state = b.Attr("state").GetString()!;
            Assert.Equal(Count - Math.Min(Count, seconds * BatchSettings.Default.ItemsPerSecond), b.Attr("pending").GetInt32());
        }
        while (state == "pending" && seconds < 10);
        Assert.Equal("finished", state);
        var batch = await api.BatchAsync(_f.BaseUri, id);
        var finished = DateTimeOffset.Parse(batch.Attr("finishedAt").GetString()!);
        Assert.True(finished - created <= TimeSpan.FromSeconds(5), $"finished {finished - created} after it was created");
        Assert.Equal(0, batch.Attr("failures").GetInt32());
        Assert.Equal(Count, _f.Host.Counters.SequenceStatesCreated);
        Assert.Equal(0, _f.Host.Counters.Duplicates);

        // Read back with 1,000 ids per request: every prospect is found once, in one page each.
        for (var from = 1; from <= Count; from += 20_000)
        {
            var ids = string.Join(',', Ids(from, 1_000));
            var page = await (await api.GetAsync($"{_f.BaseUri}/sequenceStates?filter[sequence][id]=1&filter[prospect][id]={ids}&page[size]=1000")).JsonAsync();
            var found = page.GetProperty("data").EnumerateArray()
                .Select(s => s.GetProperty("relationships").GetProperty("prospect").GetProperty("data").GetProperty("id").GetInt64()).ToList();
            Assert.Equal(Ids(from, 1_000), found.OrderBy(x => x));
            Assert.False(page.GetProperty("links").TryGetProperty("next", out _));
        }
    }

    [Fact]
    public async Task A_thousand_id_sequenceStates_filter_pages_by_cursor_with_percent_encoded_links()
    {
        using var api = _f.CreateClient(_f.MintToken(1));
        // Seven-digit ids that exist nowhere make the longest lines; mix them with 700 that are enrolled.
        var id = await api.StartBatchAsync(_f.BaseUri, Ids(50_001, 700), 1, 1);
        _f.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("finished", (await api.BatchAsync(_f.BaseUri, id)).Attr("state").GetString());
        var wanted = Ids(50_001, 700).Concat(Ids(9_000_001, 300)).ToList();
        var encoded = Uri.EscapeDataString(string.Join(',', wanted));
        string? next = $"{_f.BaseUri}/sequenceStates?filter%5Bsequence%5D%5Bid%5D=1&filter%5Bprospect%5D%5Bid%5D={encoded}&page%5Bsize%5D=300&count=true";
        // Longer than Kestrel's default 8 KB request line, which the sandbox raises.
        Assert.True(next.Length > 8_192, $"the request line is only {next.Length} characters");
        var prospects = new List<long>();
        var pages = 0;
        while (next is not null)
        {
            var response = await api.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.JsonAsync();
            pages++;
            Assert.Equal(700, page.GetProperty("meta").GetProperty("count").GetInt32());
            prospects.AddRange(page.GetProperty("data").EnumerateArray()
                .Select(s => s.GetProperty("relationships").GetProperty("prospect").GetProperty("data").GetProperty("id").GetInt64()));
            next = page.GetProperty("links").TryGetProperty("next", out var n) ? n.GetString() : null;
        }
        Assert.Equal(3, pages);
        Assert.Equal(Ids(50_001, 700), prospects.OrderBy(x => x));
        Assert.Equal(700, prospects.Distinct().Count());

        // The same filter without the index (a range) finds the same states.
        var ranged = await (await api.GetAsync($"{_f.BaseUri}/sequenceStates?filter[sequence][id]=1&filter[prospect][id]=50001..50700&page[size]=1000")).JsonAsync();
        Assert.Equal(700, ranged.GetProperty("data").GetArrayLength());
    }
}

/// <summary>The one real-clock promise of the Bulk API: the default rate finishes 100,000 items within 5 s on this machine.</summary>
[Trait("Category", "RealTime")]
public class BatchRealTimeTests
{
    [Fact]
    public async Task Hundred_thousand_items_finish_within_five_seconds_on_the_real_clock()
    {
        await using var host = await SandboxHost.StartAsync(new SandboxOptions { Seed = "empty" });
        host.Runtime.Reset(new SeedRequest { Prospects = BatchSettings.MaxIdsPerRequest, Users = 20, Sequences = 5, RandomSeed = 11, ErrorRate = 0 });
        using var api = new HttpClient(new JsonApiContentHandler(new SocketsHttpHandler()));
        api.DefaultRequestHeaders.Authorization = new("Bearer", host.MintToken(1).AccessToken);
        var id = await api.StartBatchAsync(host.BaseUri, Enumerable.Range(1, BatchSettings.MaxIdsPerRequest).Select(i => (long)i), 1, 1);
        Assert.True(host.Runtime.BatchProcessor.WaitUntilDone(id, TimeSpan.FromSeconds(30)), "the batch did not finish within 30 s");
        var batch = await api.BatchAsync(host.BaseUri, id);
        Assert.Equal("finished", batch.Attr("state").GetString());
        var took = DateTimeOffset.Parse(batch.Attr("finishedAt").GetString()!) - DateTimeOffset.Parse(batch.Attr("createdAt").GetString()!);
        Assert.True(took <= TimeSpan.FromSeconds(5), $"100,000 items took {took.TotalSeconds:F2} s");
        Assert.Equal(BatchSettings.MaxIdsPerRequest, host.Counters.SequenceStatesCreated);
    }
}
