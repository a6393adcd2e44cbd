namespace LeanData.Outreach.Sandbox.Api;

/// <summary>A response computed in full before it is sent, so a fault can still drop the connection after the effect.</summary>
public sealed class ApiResult
{
    public const string JsonApi = "application/vnd.api+json";

    public int Status { get; init; }
    public byte[]? Body { get; init; }
    public string ContentType { get; init; } = JsonApi;
    public List<KeyValuePair<string, string>>? Headers { get; set; }

    public ApiResult WithHeader(string name, string value)
    {
        (Headers ??= new()).Add(new(name, value));
        return this;
    }

    public static ApiResult Json(int status, byte[] body, string contentType = JsonApi) => new() { Status = status, Body = body, ContentType = contentType };

    public static ApiResult Empty(int status) => new() { Status = status };
}
