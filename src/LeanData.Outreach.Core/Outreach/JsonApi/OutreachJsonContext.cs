using System.Text.Json.Serialization;

namespace LeanData.Outreach.Outreach.JsonApi;

/// <summary>Source-generated serializers for the JSON:API shapes the client reads and writes.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JsonApiDocument))]
[JsonSerializable(typeof(JsonApiCollectionDocument))]
[JsonSerializable(typeof(JsonApiErrorDocument))]
[JsonSerializable(typeof(JsonApiWriteDocument))]
[JsonSerializable(typeof(JsonApiResourceIdentifier))]
[JsonSerializable(typeof(OAuth.OAuthTokenResponse))]
internal sealed partial class OutreachJsonContext : JsonSerializerContext;
