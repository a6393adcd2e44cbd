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
        IFormattable f => Truncate(f.ToString(null, CultureInfo.InvariantCulture)),
        IReadOnlyDictionary<string, object?> => "an object",
        _ => "a " + value.GetType().Name,
    };

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
