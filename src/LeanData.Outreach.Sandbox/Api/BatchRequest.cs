using System.Globalization;
using System.Text.Json;
using LeanData.Outreach.Sandbox.Hosting;
using Microsoft.AspNetCore.Http;

namespace LeanData.Outreach.Sandbox.Api;

/// <summary>
/// Reads a POST /batches/actions/prospectsAddToSequence request as strictly as the reference schema: body
/// <c>{"data":{"type":"batch","attributes":{"ids":[1,2],"mailboxId":3,"sequenceId":4}}}</c> (ids JSON integers,
/// 1 to 100,000 of them; <c>stepOverrides</c> accepted and ignored) and <c>actionParams[skipConfirmation]=true|false</c>.
/// A malformed document or unacceptable actionParams is 400; a field error is 422 validationError with a source.pointer.
/// </summary>
public sealed record BatchRequest(long[] Ids, long SequenceId, long? MailboxId, bool SkipConfirmation)
{
    private const string SkipConfirmationParameter = "actionParams[skipConfirmation]";

    public static (BatchRequest? Request, ApiResult? Error) Read(JsonElement root, IQueryCollection query)
    {
        var skip = false;
        foreach (var (key, value) in query)
        {
            if (!key.StartsWith("actionParams[", StringComparison.Ordinal)) continue;
            if (key != SkipConfirmationParameter)
                return (null, ApiErrors.BadRequest($"The sandbox does not support {key}; name the prospects in data.attributes.ids."));
            var text = value.ToString();
            if (text is not ("true" or "false")) return (null, ApiErrors.BadRequest($"{SkipConfirmationParameter} must be true or false, got '{text}'."));
            skip = text == "true";
        }

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            return (null, ApiErrors.BadRequest("The request body must be a JSON:API document with a 'data' object."));
        if (!data.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            return (null, ApiErrors.Validation("Type can't be blank.", "/data/type"));
        if (type.GetString() != "batch")
            return (null, ApiErrors.Validation($"Type '{type.GetString()}' does not match the endpoint; expected 'batch'.", "/data/type"));
        if (data.TryGetProperty("id", out _))
            return (null, ApiErrors.Validation("Client-generated ids are not supported.", "/data/id"));
        if (data.TryGetProperty("relationships", out _))
            return (null, ApiErrors.Validation("prospectsAddToSequence takes no relationships; give ids, sequenceId and mailboxId as attributes.", "/data/relationships"));

        long[]? ids = null;
        long? sequenceId = null, mailboxId = null;
        if (data.TryGetProperty("attributes", out var attributes))
        {
            if (attributes.ValueKind != JsonValueKind.Object) return (null, ApiErrors.BadRequest("'attributes' must be an object."));
            foreach (var a in attributes.EnumerateObject())
            {
                var pointer = "/data/attributes/" + a.Name;
                switch (a.Name)
                {
                    case "ids":
                    {
                        var (read, error) = ReadIds(a.Value, pointer);
                        if (error is not null) return (null, error);
                        ids = read;
                        break;
                    }
                    case "sequenceId" or "mailboxId":
                    {
                        if (a.Value.ValueKind == JsonValueKind.Null) break;
                        if (a.Value.ValueKind != JsonValueKind.Number || !a.Value.TryGetInt64(out var v))
                            return (null, ApiErrors.Validation($"'{a.Name}' must be an integer.", pointer));
                        if (a.Name == "sequenceId") sequenceId = v; else mailboxId = v;
                        break;
                    }
                    case "stepOverrides":
                        if (a.Value.ValueKind is not (JsonValueKind.Array or JsonValueKind.Null))
                            return (null, ApiErrors.Validation("'stepOverrides' must be an array of objects.", pointer));
                        break;
                    default:
                        return (null, ApiErrors.Validation($"'{a.Name}' is not an attribute of prospectsAddToSequence.", pointer));
                }
            }
        }
        if (ids is null) return (null, ApiErrors.Validation("Ids can't be blank (the sandbox does not select prospects by actionParams[filter]).", "/data/attributes/ids"));
        if (sequenceId is null) return (null, ApiErrors.Validation("Sequence can't be blank.", "/data/attributes/sequenceId"));
        return (new BatchRequest(ids, sequenceId.Value, mailboxId, skip), null);
    }

    private static (long[]? Ids, ApiResult? Error) ReadIds(JsonElement value, string pointer)
    {
        if (value.ValueKind != JsonValueKind.Array) return (null, ApiErrors.Validation("'ids' must be an array of integers.", pointer));
        var count = value.GetArrayLength();
        if (count == 0) return (null, ApiErrors.Validation("Ids can't be blank.", pointer));
        if (count > BatchSettings.MaxIdsPerRequest)
            return (null, ApiErrors.Validation(
                $"Ids can have at most {BatchSettings.MaxIdsPerRequest.ToString("N0", CultureInfo.InvariantCulture)} items, got {count.ToString("N0", CultureInfo.InvariantCulture)}.", pointer));
        var ids = new long[count];
        var i = 0;
        foreach (var e in value.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out ids[i]))
                return (null, ApiErrors.Validation($"ids[{i}] must be an integer.", $"{pointer}/{i}"));
            i++;
        }
        return (ids, null);
    }
}
