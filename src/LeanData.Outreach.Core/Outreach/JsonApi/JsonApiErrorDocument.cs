using System.Text.Json.Serialization;

namespace LeanData.Outreach.Outreach.JsonApi;

/// <summary><c>{"errors":[...]}</c>. Also carries the non-JSON:API 401 shape <c>{"error":..,"description":..}</c>.</summary>
public sealed class JsonApiErrorDocument
{
    [JsonPropertyName("errors")] public List<JsonApiError>? Errors { get; set; }
    [JsonPropertyName("error")] public string? Error { get; set; }
    [JsonPropertyName("description")] public string? Description { get; set; }
}
