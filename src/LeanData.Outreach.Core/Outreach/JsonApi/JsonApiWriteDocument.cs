using System.Text.Json.Serialization;

namespace LeanData.Outreach.Outreach.JsonApi;

/// <summary>A create request body: <c>{"data":{"type":..,"relationships":{..}}}</c> with no id.</summary>
public sealed class JsonApiWriteDocument
{
    [JsonPropertyName("data")] public JsonApiWriteResource Data { get; set; } = new();
}

public sealed class JsonApiWriteResource
{
    [JsonPropertyName("type")] public string Type { get; set; } = "";
    [JsonPropertyName("attributes"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, System.Text.Json.JsonElement>? Attributes { get; set; }
    [JsonPropertyName("relationships"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, JsonApiRelationship>? Relationships { get; set; }
}
