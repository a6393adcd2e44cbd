using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace LeanData.Outreach.Tests.Sandbox;

/// <summary>
/// Reads reference/outreach-openapi.json (OpenAPI 3.0.3) and turns its response schemas into JSON Schema
/// (2020-12) for JsonSchema.Net: <c>nullable: true</c> becomes a <c>"null"</c> type, component $refs become
/// $defs. The document is found through LD_OUTREACH_REFERENCE (a folder or the file), else
/// ../shared/reference next to the repository root (the folder holding LeanData.Outreach.slnx).
/// </summary>
public sealed class OutreachSchemas
{
    private static readonly Lazy<OutreachSchemas?> s_instance = new(Load);
    private readonly JsonObject _paths;
    private readonly JsonObject _components;

    private OutreachSchemas(JsonObject paths, JsonObject components, string path)
    {
        _paths = paths;
        _components = components;
        SourcePath = path;
    }

    public string SourcePath { get; }

    /// <summary>The loaded document, or null when it is not there (tests then report themselves skipped).</summary>
    public static OutreachSchemas? Instance => s_instance.Value;

    public static string? FindDocument()
    {
        var env = Environment.GetEnvironmentVariable("LD_OUTREACH_REFERENCE");
        if (!string.IsNullOrEmpty(env))
        {
            if (File.Exists(env)) return env;
            var inDir = Path.Combine(env, "outreach-openapi.json");
            return File.Exists(inDir) ? inDir : null;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LeanData.Outreach.slnx")))
            {
                var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "reference", "outreach-openapi.json"));
                return File.Exists(candidate) ? candidate : null;
            }
        }
        return null;
    }

    private static OutreachSchemas? Load()
    {
        var path = FindDocument();
        if (path is null) return null;
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        return new OutreachSchemas(root["paths"]!.AsObject(), root["components"]!["schemas"]!.AsObject(), path);
    }

    /// <summary>The JSON Schema of one operation's response, e.g. ("/prospects/{id}", "get", "200").</summary>
    public JsonSchema ResponseSchema(string path, string method, string status) =>
        Build(_paths[path]?[method]?["responses"]?[status]?["content"]?["application/vnd.api+json"]?["schema"]
            ?? throw new ArgumentException($"No schema for {method.ToUpperInvariant()} {path} {status} in the reference document."));

    /// <summary>
    /// The JSON Schema of one operation's request body, e.g. ("/sequenceStates", "post"). A concrete path
    /// ("/sequenceStates/42/actions/pause") matches its template ("/sequenceStates/{id}/actions/pause").
    /// </summary>
    public JsonSchema RequestSchema(string path, string method)
    {
        var template = _paths.ContainsKey(path) ? path : System.Text.RegularExpressions.Regex.Replace(path, "/[0-9]+(?=/|$)", "/{id}");
        return Build(_paths[template]?[method]?["requestBody"]?["content"]?["application/vnd.api+json"]?["schema"]
            ?? throw new ArgumentException($"No request schema for {method.ToUpperInvariant()} {path} in the reference document."));
    }

    private JsonSchema Build(JsonNode op)
    {
        var schema = Convert(op)!.AsObject();
        var defs = new JsonObject();
        var pending = new Queue<string>(Refs(schema));
        while (pending.Count > 0)
        {
            var name = pending.Dequeue();
            if (defs.ContainsKey(name)) continue;
            var converted = Convert(_components[name] ?? throw new ArgumentException($"Missing component {name}"))!;
            defs[name] = converted;
            foreach (var r in Refs(converted)) pending.Enqueue(r);
        }
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        schema["$defs"] = defs;
        return JsonSchema.FromText(schema.ToJsonString());
    }

    /// <summary>The property names a component schema declares (e.g. the attributes of "prospect").</summary>
    public IReadOnlySet<string> DeclaredProperties(string component) =>
        (_components[component]?["properties"]?.AsObject() ?? new JsonObject()).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);

    public static EvaluationResults Evaluate(JsonSchema schema, JsonElement instance) =>
        schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });

    public static string Describe(EvaluationResults results) =>
        string.Join("; ", (results.Details ?? Array.Empty<EvaluationResults>())
            .Where(d => d.HasErrors)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Key}: {e.Value}"))
            .Take(10));

    private static IEnumerable<string> Refs(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o)
                {
                    if (k == "$ref" && v is JsonValue val && val.GetValue<string>() is { } s && s.StartsWith("#/$defs/", StringComparison.Ordinal))
                        yield return s["#/$defs/".Length..];
                    else if (v is not null)
                        foreach (var r in Refs(v)) yield return r;
                }
                break;
            case JsonArray a:
                foreach (var item in a)
                    if (item is not null)
                        foreach (var r in Refs(item)) yield return r;
                break;
        }
    }

    /// <summary>OpenAPI 3.0 schema → JSON Schema 2020-12 (a deep copy).</summary>
    private static JsonNode? Convert(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
            {
                var result = new JsonObject();
                var nullable = o["nullable"] is JsonValue n && n.GetValue<bool>();
                foreach (var (k, v) in o)
                {
                    if (k is "nullable" or "x-internal" or "description" or "example" or "readOnly" or "writeOnly") continue;
                    if (k == "$ref" && v is JsonValue rv)
                    {
                        result["$ref"] = rv.GetValue<string>().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
                        continue;
                    }
                    result[k] = Convert(v);
                }
                if (nullable)
                {
                    if (result["type"] is JsonValue t)
                        result["type"] = new JsonArray(t.GetValue<string>(), "null");
                    if (result["enum"] is JsonArray e)
                        e.Add(null);
                    if (result["$ref"] is not null)
                    {
                        var reference = result["$ref"]!.DeepClone();
                        result.Remove("$ref");
                        result["anyOf"] = new JsonArray(new JsonObject { ["$ref"] = reference }, new JsonObject { ["type"] = "null" });
                    }
                }
                return result;
            }
            case JsonArray a:
                return new JsonArray(a.Select(Convert).ToArray());
            default:
                return node?.DeepClone();
        }
    }
}
