using System.Net;
using System.Text.Json;
using LeanData.Outreach.Sandbox.Hosting;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace LeanData.Outreach.Tests.Sandbox;

/// <summary>Helpers for the sandbox's Bulk API in tests.</summary>
public static class BatchHttp
{
    public static string Body(IEnumerable<long> ids, long sequenceId, long? mailboxId) =>
        JsonSerializer.Serialize(new
        {
            data = new
            {
                type = "batch",
                attributes = mailboxId is long m
                    ? (object)new { ids = ids.ToArray(), mailboxId = m, sequenceId }
                    : new { ids = ids.ToArray(), sequenceId },
            },
        });

    public static Task<HttpResponseMessage> AddToSequenceAsync(this HttpClient client, Uri baseUri, IEnumerable<long> ids, long sequenceId, long? mailboxId, bool skipConfirmation = true) =>
        client.PostAsync($"{baseUri}/batches/actions/prospectsAddToSequence" + (skipConfirmation ? "?actionParams[skipConfirmation]=true" : ""),
            SandboxHttp.JsonApiBody(Body(ids, sequenceId, mailboxId)));

    /// <summary>Posts a batch and returns its id (asserting 200 and a batch document).</summary>
    public static async Task<long> StartBatchAsync(this HttpClient client, Uri baseUri, IEnumerable<long> ids, long sequenceId, long? mailboxId, bool skipConfirmation = true)
    {
        var response = await client.AddToSequenceAsync(baseUri, ids, sequenceId, mailboxId, skipConfirmation);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"bulk POST: {(int)response.StatusCode} {text}");
        using var doc = JsonDocument.Parse(text);
        Assert.Equal("batch", doc.RootElement.GetProperty("data").GetProperty("type").GetString());
        return doc.RootElement.GetProperty("data").GetProperty("id").GetInt64();
    }

    public static async Task<JsonElement> BatchAsync(this HttpClient client, Uri baseUri, long id)
    {
        var response = await client.GetAsync($"{baseUri}/batches/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("data");
    }

    /// <summary>Every item of a batch, following links.next with page[size]=1000.</summary>
    public static async Task<List<JsonElement>> ItemsAsync(this HttpClient client, Uri baseUri, long batchId, string extra = "")
    {
        var items = new List<JsonElement>();
        string? next = $"{baseUri}/batchItems?filter[batchId]={batchId}&page[size]=1000{extra}";
        while (next is not null)
        {
            var response = await client.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.JsonAsync();
            items.AddRange(page.GetProperty("data").EnumerateArray());
            next = page.GetProperty("links").TryGetProperty("next", out var n) ? n.GetString() : null;
        }
        return items;
    }

    public static JsonElement Attr(this JsonElement resource, string name) => resource.GetProperty("attributes").GetProperty(name);
}

/// <summary>A demo sandbox on a fake clock: batches make progress only when a test advances <see cref="Clock"/>.</summary>
public sealed class FakeClockSandboxFixture : SandboxFixture
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    protected override SandboxOptions CreateOptions() => new() { Seed = "demo", Time = Clock };
}
