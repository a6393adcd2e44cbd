using System.Collections;
using System.Management.Automation;

namespace LeanData.Outreach.Cmdlets.Commands.Catalog;

/// <summary>
/// Reads Salesforce record fields from whatever arrives on the pipeline — PSObjects from Import-Csv or
/// ConvertFrom-Json, hashtables, plain .NET objects — case-insensitively. A path like
/// <c>Owner.Outreach_User_ID__c</c> is tried as one name first (a dotted CSV header), then as nested objects.
/// </summary>
internal static class RecordProperties
{
    /// <summary>True when the record has the field (even if empty); <paramref name="value"/> is its value.</summary>
    public static bool TryGet(object? record, string path, out object? value)
    {
        value = null;
        if (record is null || string.IsNullOrEmpty(path)) return false;
        if (TryGetOne(record, path, out value)) return true;
        var parts = path.Split('.');
        if (parts.Length == 1) return false;
        object? current = record;
        foreach (var part in parts)
        {
            if (!TryGetOne(current, part, out current)) { value = null; return false; }
        }
        value = current;
        return true;
    }

    /// <summary>The field's value as trimmed text; null when missing, null or blank.</summary>
    public static string? GetText(object? record, string path) =>
        TryGet(record, path, out var value) ? AsText(value) : null;

    public static string? AsText(object? value)
    {
        var text = Unwrap(value) switch
        {
            null => null,
            string s => s,
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            var other => other.ToString(),
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    /// <summary>The record's Salesforce object type: attributes.type, else the Id's key prefix (00Q Lead, 003 Contact, 005 User).</summary>
    public static string? ObjectType(object? record)
    {
        var declared = GetText(record, "attributes.type");
        if (declared is not null) return declared;
        var id = GetText(record, "Id");
        if (id is null || id.Length < 3) return null;
        return id[..3] switch
        {
            "00Q" => "Lead",
            "003" => "Contact",
            "005" => "User",
            _ => null,
        };
    }

    public static object? Unwrap(object? value) => value is PSObject ps && ps.BaseObject is not PSCustomObject ? ps.BaseObject : value;

    private static bool TryGetOne(object? container, string name, out object? value)
    {
        value = null;
        switch (container)
        {
            case null:
                return false;
            case PSObject ps when ps.BaseObject is IDictionary inner:
                return TryGetFromDictionary(inner, name, out value);
            case PSObject ps:
                var property = ps.Properties[name]; // PowerShell matches property names case-insensitively
                if (property is null) return false;
                value = property.Value;
                return true;
            case IDictionary dictionary:
                return TryGetFromDictionary(dictionary, name, out value);
            default:
                return TryGetOne(PSObject.AsPSObject(container), name, out value);
        }
    }

    private static bool TryGetFromDictionary(IDictionary dictionary, string name, out object? value)
    {
        foreach (DictionaryEntry entry in dictionary)
        {
            if (entry.Key is string key && string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                value = entry.Value;
                return true;
            }
        }
        value = null;
        return false;
    }
}
