namespace LeanData.Outreach.Engine.Records;

/// <summary>
/// One Salesforce record as the engine reads it: a case-insensitive dictionary whose values are scalars or
/// nested dictionaries (relationship objects such as <c>Owner</c> or <c>attributes</c>). Paths are
/// dot-separated and match either nesting (<c>Owner</c> → <c>Outreach_User_ID__c</c>) or a dotted key
/// (a CSV header <c>'Owner.Outreach_User_ID__c'</c>), or a mix of both.
/// </summary>
public sealed class SalesforceRecord
{
    public SalesforceRecord(long index, IReadOnlyDictionary<string, object?> fields)
    {
        Index = index;
        Fields = Trimmed(fields);
    }

    /// <summary>Position of the record in its input stream, counted from 1.</summary>
    public long Index { get; }

    public IReadOnlyDictionary<string, object?> Fields { get; }

    /// <summary>The input object the record was read from (a PSObject, hashtable…), kept for error targets.</summary>
    public object? Source { get; init; }

    /// <summary>The value at a dotted path, or null when any step is absent.</summary>
    public object? Get(string path) => TryGet(path, out var value) ? value : null;

    public bool TryGet(string path, out object? value) => TryGet(Fields, path, out value);

    /// <summary>The scalar at a path as trimmed text; null for absent, empty or non-scalar values.</summary>
    public string? GetText(string path)
    {
        var text = RecordText.AsText(Get(path))?.Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    /// <summary>The nested object at a path, if the value there is one.</summary>
    public IReadOnlyDictionary<string, object?>? GetObject(string path) => Get(path) as IReadOnlyDictionary<string, object?>;

    /// <summary>
    /// The value at a path as one trimmed text (null when absent or blank), or, when it holds an object or a list, a
    /// description of that for the message (the record's shape is wrong).
    /// </summary>
    public (string? Text, string? WrongShape) ReadText(string path)
    {
        var value = Get(path);
        if (RecordText.IsStructured(value)) return (null, RecordText.Describe(value));
        var text = RecordText.AsText(value)?.Trim();
        return (string.IsNullOrEmpty(text) ? null : text, null);
    }

    /// <summary>
    /// A Salesforce checkbox: true or false (any case), 1 or 0; absent or blank is false. Anything else comes back as
    /// <c>Problem</c>, a description of what the field holds.
    /// </summary>
    public (bool Value, string? Problem) ReadBoolean(string path)
    {
        var value = Get(path);
        switch (value)
        {
            case null:
                return (false, null);
            case bool b:
                return (b, null);
            case string s:
                var t = s.Trim();
                if (t.Length == 0) return (false, null);
                if (bool.TryParse(t, out var parsed)) return (parsed, null);
                return t switch { "1" => (true, null), "0" => (false, null), _ => (false, RecordText.Describe(s)) };
            case int or long or short or byte or decimal or double when Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture) is var n && (n == 0 || n == 1):
                return (n == 1, null);
            default:
                return (false, RecordText.Describe(value));
        }
    }

    /// <summary>The record's field names, for messages about a field it lacks.</summary>
    public string DescribeFields()
    {
        var names = Fields.Keys.Take(8).Select(k => "'" + RecordText.Truncate(k) + "'").ToList();
        if (names.Count == 0) return "it has no fields";
        return "its fields are " + string.Join(", ", names) + (Fields.Count > names.Count ? $" and {Fields.Count - names.Count} more" : "");
    }

    /// <summary>A text label for messages: "record 12 (00Q…)" or "record 12 (no Id)".</summary>
    public string Describe()
    {
        var id = GetText("Id");
        return id is null ? $"record {Index} (no Id)" : $"record {Index} ({RecordText.Truncate(id)})";
    }

    // CSV headers such as " Id " match their trimmed name; a name present both ways keeps the exact one.
    private static IReadOnlyDictionary<string, object?> Trimmed(IReadOnlyDictionary<string, object?> fields)
    {
        if (!fields.Keys.Any(k => k.Length > 0 && (char.IsWhiteSpace(k[0]) || char.IsWhiteSpace(k[^1])))) return fields;
        var result = new Dictionary<string, object?>(fields.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in fields)
            if (key.Trim() == key) result[key] = value;
        foreach (var (key, value) in fields)
            result.TryAdd(key.Trim(), value);
        return result;
    }

    public static bool TryGet(IReadOnlyDictionary<string, object?> fields, string path, out object? value)
    {
        if (fields.TryGetValue(path, out value)) return true;
        if (!path.Contains('.'))
        {
            value = null;
            return false;
        }
        return TryWalk(fields, path.Split('.'), 0, out value);
    }

    // Longest key first, so a dotted CSV header wins over a nested object of the same name.
    private static bool TryWalk(IReadOnlyDictionary<string, object?> fields, string[] segments, int start, out object? value)
    {
        for (var end = segments.Length; end > start; end--)
        {
            var key = end - start == 1 ? segments[start] : string.Join('.', segments, start, end - start);
            if (!fields.TryGetValue(key, out var found)) continue;
            if (end == segments.Length)
            {
                value = found;
                return true;
            }
            if (found is IReadOnlyDictionary<string, object?> nested && TryWalk(nested, segments, end, out value))
                return true;
        }
        value = null;
        return false;
    }
}
