using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Xunit;

namespace LeanData.Outreach.Tests.Sandbox;

/// <summary>Small helpers for talking to the sandbox in tests.</summary>
public static class SandboxHttp
{
    public const string JsonApi = "application/vnd.api+json";

    public static HttpContent JsonApiBody(string json)
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(JsonApi);
        return content;
    }

    public static string EnrollBody(long prospectId, long sequenceId, long? mailboxId) =>
        "{\"data\":{\"type\":\"sequenceState\",\"relationships\":{" +
        $"\"prospect\":{{\"data\":{{\"type\":\"prospect\",\"id\":{prospectId}}}}}," +
        $"\"sequence\":{{\"data\":{{\"type\":\"sequence\",\"id\":{sequenceId}}}}}" +
        (mailboxId is long m ? $",\"mailbox\":{{\"data\":{{\"type\":\"mailbox\",\"id\":{m}}}}}" : "") +
        "}}}";

    public static Task<HttpResponseMessage> EnrollAsync(this HttpClient client, Uri baseUri, long prospectId, long sequenceId, long? mailboxId) =>
        client.PostAsync($"{baseUri}/sequenceStates", JsonApiBody(EnrollBody(prospectId, sequenceId, mailboxId)));

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    /// <summary>Asserts a JSON:API error document with one error of the given status, id, title and detail (prefix).</summary>
    public static async Task<JsonElement> AssertErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string id, string title, string? detailPrefix = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal(JsonApi, response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(text);
        var errors = doc.RootElement.GetProperty("errors");
        Assert.Equal(1, errors.GetArrayLength());
        var e = errors[0];
        Assert.Equal(id, e.GetProperty("id").GetString());
        Assert.Equal(title, e.GetProperty("title").GetString());
        if (detailPrefix is not null)
        {
            var detail = e.TryGetProperty("detail", out var d) ? d.GetString() : e.GetProperty("details").GetString();
            Assert.StartsWith(detailPrefix, detail);
        }
        return e.Clone();
    }

    public static async Task<HttpResponseMessage> AdminPostAsync(this HttpClient client, Uri adminUri, string path, object body)
    {
        var response = await client.PostAsync($"{adminUri}/{path}",
            new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, $"admin {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }
}
