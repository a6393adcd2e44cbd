using System.Text.Json.Serialization;

namespace LeanData.Outreach.Outreach.JsonApi;

/// <summary>One Outreach error object. Outreach sometimes writes <c>details</c> instead of <c>detail</c>; both are read.</summary>
public sealed class JsonApiError
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("title")] public string? Title { get; set; }
    [JsonPropertyName("detail")] public string? Detail { get; set; }
    [JsonPropertyName("details")] public string? Details { get; set; }
    [JsonPropertyName("source")] public JsonApiErrorSource? Source { get; set; }

    /// <summary>The most specific message Outreach gave.</summary>
    [JsonIgnore]
    public string? Message => Detail ?? Details ?? Title;
}

public sealed class JsonApiErrorSource
{
    [JsonPropertyName("pointer")] public string? Pointer { get; set; }
    [JsonPropertyName("parameter")] public string? Parameter { get; set; }
}
