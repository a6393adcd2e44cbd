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
        Fields = fields;
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

    /// <summary>Salesforce booleans arrive as true, "true", "TRUE" or 1.</summary>
    public bool GetBoolean(string path) => Get(path) switch
    {
        bool b => b,
        string s => bool.TryParse(s.Trim(), out var b) ? b : s.Trim() == "1",
        int i => i != 0,
        long l => l != 0,
        _ => false,
    };

    /// <summary>A text label for messages: "record 12 (00Q…)" or "record 12 (no Id)".</summary>
    public string Describe()
    {
        var id = GetText("Id");
        return id is null ? $"record {Index} (no Id)" : $"record {Index} ({RecordText.Truncate(id)})";
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
