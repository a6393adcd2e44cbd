using System.Globalization;

namespace LeanData.Outreach.Engine.Records;

/// <summary>Short, safe renderings of record values for messages (huge values are cut).</summary>
public static class RecordText
{
    public const int MaxShown = 40;

    public static string Describe(object? value) => value switch
    {
        null => "null",
        string s => "'" + Truncate(s) + "'",
        bool b => b ? "true" : "false",
        IFormattable f => Truncate(f.ToString(null, CultureInfo.InvariantCulture)),
        IReadOnlyDictionary<string, object?> d => d.Count == 0 ? "an empty object" : "an object",
        System.Collections.ICollection c => c.Count == 1 ? "a list of 1 value" : $"a list of {c.Count} values",
        _ => "a " + TypeName(value.GetType()),
    };

    /// <summary>True for an object or a list: a value of the wrong shape where one scalar belongs.</summary>
    public static bool IsStructured(object? value) => value is IReadOnlyDictionary<string, object?> or System.Collections.IList;

    private static string TypeName(Type type) => type.IsGenericType ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] : type.Name;

    public static string Truncate(string text) =>
        text.Length <= MaxShown ? text : string.Concat(text.AsSpan(0, MaxShown), $"… ({text.Length} characters)");

    /// <summary>Converts a scalar field value to invariant text; objects and lists give null.</summary>
    public static string? AsText(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => null,
    };
}
