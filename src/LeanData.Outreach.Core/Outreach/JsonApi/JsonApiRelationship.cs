using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeanData.Outreach.Outreach.JsonApi;

/// <summary>A relationship object: identifier data (to-one object, to-many array or null), links and/or meta.</summary>
public sealed class JsonApiRelationship
{
    [JsonPropertyName("data")] public JsonElement Data { get; set; }
    [JsonPropertyName("links")] public JsonApiLinks? Links { get; set; }
    [JsonPropertyName("meta")] public Dictionary<string, JsonElement>? Meta { get; set; }

    /// <summary>The id of a to-one relationship (tolerates string ids).</summary>
    [JsonIgnore]
    public long? SingleId => Data.ValueKind == JsonValueKind.Object ? ReadId(Data) : null;

    public static JsonApiRelationship ToOne(string type, long id) =>
        new() { Data = JsonSerializer.SerializeToElement(new JsonApiResourceIdentifier(type, id), OutreachJsonContext.Default.JsonApiResourceIdentifier) };

    private static long? ReadId(JsonElement element)
    {
        if (!element.TryGetProperty("id", out var id)) return null;
        return id.ValueKind switch
        {
            JsonValueKind.Number when id.TryGetInt64(out var n) => n,
            JsonValueKind.String when long.TryParse(id.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };
    }
}
