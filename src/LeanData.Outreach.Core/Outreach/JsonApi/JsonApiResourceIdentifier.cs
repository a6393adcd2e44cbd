using System.Text.Json.Serialization;

namespace LeanData.Outreach.Outreach.JsonApi;

/// <summary>A resource identifier object: <c>{"type":"prospect","id":1}</c>.</summary>
public sealed record JsonApiResourceIdentifier(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("id")] long Id);
