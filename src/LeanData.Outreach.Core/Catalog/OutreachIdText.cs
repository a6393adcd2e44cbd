using System.Globalization;

namespace LeanData.Outreach.Catalog;

/// <summary>Reads an Outreach id out of a Salesforce text field: a positive whole number, surrounding blanks allowed.</summary>
public static class OutreachIdText
{
    public static bool TryParse(object? value, out long id)
    {
        id = 0;
        switch (value)
        {
            case null: return false;
            case long l when l > 0: id = l; return true;
            case int i when i > 0: id = i; return true;
            case double d when d > 0 && d == Math.Floor(d) && d < long.MaxValue: id = (long)d; return true;
            case decimal m when m > 0 && m == decimal.Floor(m) && m < long.MaxValue: id = (long)m; return true;
        }
        var text = Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim();
        return !string.IsNullOrEmpty(text)
            && text.All(char.IsAsciiDigit)
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id)
            && id > 0;
    }
}
