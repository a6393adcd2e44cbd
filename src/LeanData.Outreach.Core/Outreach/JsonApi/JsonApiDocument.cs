using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeanData.Outreach.Outreach.JsonApi;

/// <summary>A single-resource document: <c>{"data":{...}}</c>.</summary>
public sealed class JsonApiDocument
{
    [JsonPropertyName("data")] public JsonApiResource? Data { get; set; }
    [JsonPropertyName("included")] public List<JsonApiResource>? Included { get; set; }
    [JsonPropertyName("links")] public JsonApiLinks? Links { get; set; }
    [JsonPropertyName("meta")] public Dictionary<string, JsonElement>? Meta { get; set; }
}
