using System.Text.Json.Serialization;

namespace LeanData.Outreach.Outreach.JsonApi;

/// <summary>Document or resource links; <see cref="Next"/> drives cursor pagination.</summary>
public sealed class JsonApiLinks
{
    [JsonPropertyName("self")] public string? Self { get; set; }
    [JsonPropertyName("related")] public string? Related { get; set; }
    [JsonPropertyName("first")] public string? First { get; set; }
    [JsonPropertyName("prev")] public string? Prev { get; set; }
    [JsonPropertyName("next")] public string? Next { get; set; }
    [JsonPropertyName("last")] public string? Last { get; set; }
}
