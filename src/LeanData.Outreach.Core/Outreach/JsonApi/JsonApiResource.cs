using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeanData.Outreach.Outreach.JsonApi;

/// <summary>A JSON:API resource object. Outreach ids are JSON integers, so <see cref="Id"/> is a long.</summary>
public sealed class JsonApiResource
{
    [JsonPropertyName("type")] public string Type { get; set; } = "";
    [JsonPropertyName("id")] public long? Id { get; set; }
    [JsonPropertyName("attributes")] public Dictionary<string, JsonElement>? Attributes { get; set; }
    [JsonPropertyName("relationships")] public Dictionary<string, JsonApiRelationship>? Relationships { get; set; }
    [JsonPropertyName("links")] public JsonApiLinks? Links { get; set; }
    [JsonPropertyName("meta")] public Dictionary<string, JsonElement>? Meta { get; set; }

    public string? GetString(string name) =>
        Attributes is not null && Attributes.TryGetValue(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public bool? GetBool(string name) =>
        Attributes is not null && Attributes.TryGetValue(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    public long? GetLong(string name) =>
        Attributes is not null && Attributes.TryGetValue(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    public DateTimeOffset? GetDateTime(string name) =>
        Attributes is not null && Attributes.TryGetValue(name, out var v) && v.ValueKind == JsonValueKind.String && v.TryGetDateTimeOffset(out var d) ? d : null;

    public IReadOnlyList<string> GetStringArray(string name)
    {
        if (Attributes is null || !Attributes.TryGetValue(name, out var v) || v.ValueKind != JsonValueKind.Array) return [];
        return v.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList();
    }

    /// <summary>The id of a to-one relationship, or null when absent or empty.</summary>
    public long? RelatedId(string relationship) =>
        Relationships is not null && Relationships.TryGetValue(relationship, out var r) ? r.SingleId : null;
}
