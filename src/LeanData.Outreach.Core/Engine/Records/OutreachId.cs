using System.Globalization;

namespace LeanData.Outreach.Engine.Records;

/// <summary>
/// The one reader of Outreach ids in Salesforce field values (planning, Test-LDFieldMapping, Import-LDSalesforceUser).
/// Outreach ids are JSON integers (read as <c>long</c>) starting at 1. Salesforce keeps them in text or number
/// fields, so "42", " 42 ", "042", 42, 42.0 and "42.0" (a number field's export) are all 42. Not ids: fractions,
/// exponent text ("4.2e1" is no export format Salesforce uses), 0, negatives, values beyond a 64-bit integer,
/// doubles beyond 2^53 (no longer exact, so possibly another prospect's id), true/false and objects.
/// Null, empty and blank are Missing (the Missing Prospect/User ID edge), not Invalid.
/// </summary>
public static class OutreachId
{
    public static OutreachIdParse Parse(object? value)
    {
        switch (value)
        {
            case null:
                return OutreachIdParse.Missing;
            case string text:
                return ParseText(text);
            case long l:
                return FromInteger(l, value);
            case int i:
                return FromInteger(i, value);
            case short s:
                return FromInteger(s, value);
            case byte b:
                return FromInteger(b, value);
            case uint ui:
                return FromInteger(ui, value);
            case ulong ul:
                return ul <= long.MaxValue ? FromInteger((long)ul, value) : Invalid(value, "is larger than any Outreach id");
            case decimal m:
                return m == decimal.Truncate(m) && m >= 1 && m <= long.MaxValue ? FromInteger((long)m, value) : Invalid(value, "is not a positive whole number");
            case double d:
                // Doubles above 2^53 are not exact; a JSON number that large cannot be trusted as an id.
                return double.IsFinite(d) && d == Math.Floor(d) && d >= 1 && d <= 9_007_199_254_740_992d
                    ? FromInteger((long)d, value) : Invalid(value, "is not a positive whole number");
            case float f:
                return Parse((double)f);
            case bool:
                return Invalid(value, "is a true/false value");
            default:
                return Invalid(value, $"is a {value.GetType().Name}, not a number");
        }
    }

    private static OutreachIdParse ParseText(string text)
    {
        var trimmed = text.AsSpan().Trim();
        if (trimmed.IsEmpty) return OutreachIdParse.Missing;
        foreach (var c in trimmed)
            if (!char.IsAsciiDigit(c))
            {
                // Salesforce number fields exported as "42.0" are still whole numbers.
                if (decimal.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var m) && m == decimal.Truncate(m) && m >= 1 && m <= long.MaxValue)
                    return new(OutreachIdStatus.Valid, (long)m, null);
                return Invalid(text, "is not a positive whole number");
            }
        if (!long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            return Invalid(text, "is larger than any Outreach id");
        return FromInteger(id, text);
    }

    private static OutreachIdParse FromInteger(long id, object original) =>
        id >= 1 ? new(OutreachIdStatus.Valid, id, null) : Invalid(original, "is not a positive whole number");

    private static OutreachIdParse Invalid(object value, string why) =>
        new(OutreachIdStatus.Invalid, 0, $"{RecordText.Describe(value)} {why}, so it cannot be an Outreach id");
}
