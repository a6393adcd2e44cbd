using System.Collections;
using System.Management.Automation;

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
