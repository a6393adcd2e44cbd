using System.Collections;
using System.Management.Automation;
using LeanData.Outreach.Engine.Records;

namespace LeanData.Outreach.Cmdlets.Records;

/// <summary>
/// Turns what arrives on the pipeline (PSCustomObject from Import-Csv or ConvertFrom-Json, hashtables,
/// any .NET object) into the engine's shape: nested case-insensitive dictionaries of scalars. Relationship
/// objects (Owner, attributes, ConvertedContact) become nested dictionaries; lists become lists.
/// </summary>
public static class RecordConverter
{
    private const int MaxDepth = 6;

    public static IReadOnlyDictionary<string, object?> ToFields(object? input) =>
        Convert(input, 0) as IReadOnlyDictionary<string, object?> ?? new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>One pipeline object as a record numbered <paramref name="index"/>, keeping the input as its error target.</summary>
    public static SalesforceRecord ToRecord(object? input, long index) => new(index, ToFields(input)) { Source = input };

    /// <summary>
    /// The records in one pipeline object: <c>sf data query --json | ConvertFrom-Json</c> piped whole gives its
    /// <c>result.records</c>; anything else is one record. <paramref name="nextIndex"/> numbers them across calls.
    /// </summary>
    public static IEnumerable<SalesforceRecord> ToRecords(object? input, Func<long> nextIndex)
    {
        if (Member(Member(input, "result"), "records") is IEnumerable list and not string)
        {
            foreach (var item in list) yield return ToRecord(item, nextIndex());
            yield break;
        }
        yield return ToRecord(input, nextIndex());
    }

    /// <summary>A field value as trimmed text (null when absent or blank); objects and lists are described, not dropped.</summary>
    public static string? TextOf(object? value)
    {
        var text = value switch
        {
            null => null,
            IReadOnlyDictionary<string, object?> or IList => RecordText.Describe(value),
            _ => RecordText.AsText(value) ?? value.ToString(),
        };
        text = text?.Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    // One member of a PSObject, hashtable or .NET object, matched case-insensitively, unwrapped.
    private static object? Member(object? container, string name)
    {
        var unwrapped = container is PSObject ps && ps.BaseObject is not PSCustomObject ? ps.BaseObject : container;
        switch (unwrapped)
        {
            case null:
                return null;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                    if (entry.Key is string key && string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return Unwrap(entry.Value);
                return null;
            default:
                return Unwrap(PSObject.AsPSObject(unwrapped).Properties[name]?.Value);
        }
    }

    private static object? Unwrap(object? value) => value is PSObject ps && ps.BaseObject is not PSCustomObject ? ps.BaseObject : value;

    private static object? Convert(object? value, int depth)
    {
        if (value is PSObject ps)
        {
            var baseObject = ps.BaseObject;
            if (baseObject is PSCustomObject) return FromProperties(ps, depth);
            value = baseObject;
        }
        switch (value)
        {
            case null:
                return null;
            case string or bool or char or DateTime or DateTimeOffset or Guid or decimal or double or float
                or long or int or short or byte or sbyte or ulong or uint or ushort:
                return value;
            case IDictionary dictionary:
                if (depth >= MaxDepth) return null;
                var result = new Dictionary<string, object?>(dictionary.Count, StringComparer.OrdinalIgnoreCase);
                foreach (DictionaryEntry entry in dictionary)
                    if (entry.Key?.ToString() is { } key) result[key] = Convert(entry.Value, depth + 1);
                return result;
            case IEnumerable list:
                if (depth >= MaxDepth) return null;
                var items = new List<object?>();
                foreach (var item in list) items.Add(Convert(item, depth + 1));
                return items;
            default:
                return depth >= MaxDepth ? null : FromProperties(PSObject.AsPSObject(value), depth);
        }
    }

    private static Dictionary<string, object?> FromProperties(PSObject ps, int depth)
    {
        var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        if (depth >= MaxDepth) return result;
        foreach (var property in ps.Properties)
        {
            if (!property.IsGettable) continue;
            object? value;
            try { value = property.Value; }
            catch (GetValueException) { continue; }
            result[property.Name] = Convert(value, depth + 1);
        }
        return result;
    }
}
