using System.Text.Json;

namespace LeanData.Outreach.Sandbox.Api;

/// <summary>
/// Reads a POST /sequenceStates body as strictly as Outreach's schema: <c>type</c> "sequenceState", no client
/// id, no attributes (all are read-only), only the writable relationships, each naming its own type and a JSON
/// integer id. Structure errors are 400, field errors 422 validationError with a source.pointer.
/// </summary>
public sealed record SequenceStateRequest(long? ProspectId, long? SequenceId, long? MailboxId)
{
    private static readonly Dictionary<string, string> Writable = new(StringComparer.Ordinal)
    {
        ["prospect"] = "prospect",
        ["sequence"] = "sequence",
        ["mailbox"] = "mailbox",
    };

    public static (SequenceStateRequest? Request, ApiResult? Error) Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            return (null, ApiErrors.BadRequest("The request body must be a JSON:API document with a 'data' object."));
        if (!data.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            return (null, ApiErrors.Validation("Type can't be blank.", "/data/type"));
        if (type.GetString() != "sequenceState")
            return (null, ApiErrors.Validation($"Type '{type.GetString()}' does not match the endpoint; expected 'sequenceState'.", "/data/type"));
        if (data.TryGetProperty("id", out _))
            return (null, ApiErrors.Validation("Client-generated ids are not supported.", "/data/id"));
        if (data.TryGetProperty("attributes", out var attributes))
        {
            if (attributes.ValueKind != JsonValueKind.Object) return (null, ApiErrors.BadRequest("'attributes' must be an object."));
            foreach (var a in attributes.EnumerateObject())
                return (null, ApiErrors.Validation($"'{a.Name}' is not a writable attribute of sequenceState.", "/data/attributes/" + a.Name));
        }
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        if (data.TryGetProperty("relationships", out var relationships))
        {
            if (relationships.ValueKind != JsonValueKind.Object) return (null, ApiErrors.BadRequest("'relationships' must be an object."));
            foreach (var r in relationships.EnumerateObject())
            {
                var pointer = "/data/relationships/" + r.Name;
                if (!Writable.TryGetValue(r.Name, out var expectedType))
                    return (null, ApiErrors.Validation($"'{r.Name}' is not a writable relationship of sequenceState.", pointer));
                if (r.Value.ValueKind != JsonValueKind.Object || !r.Value.TryGetProperty("data", out var identifier))
                    return (null, ApiErrors.BadRequest($"Relationship '{r.Name}' must be an object with 'data'."));
                if (identifier.ValueKind == JsonValueKind.Null) continue;
                if (identifier.ValueKind != JsonValueKind.Object)
                    return (null, ApiErrors.BadRequest($"Relationship '{r.Name}' data must be a resource identifier object."));
                if (!identifier.TryGetProperty("type", out var relType) || relType.ValueKind != JsonValueKind.String || relType.GetString() != expectedType)
                    return (null, ApiErrors.Validation($"Relationship '{r.Name}' must have type '{expectedType}'.", pointer + "/data/type"));
                if (!identifier.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.Number || !id.TryGetInt64(out var value))
                    return (null, ApiErrors.Validation($"Relationship '{r.Name}' id must be an integer.", pointer + "/data/id"));
                ids[r.Name] = value;
            }
        }
        return (new SequenceStateRequest(Get("prospect"), Get("sequence"), Get("mailbox")), null);

        long? Get(string name) => ids.TryGetValue(name, out var v) ? v : null;
    }
}
