using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace LeanData.Outreach.Sandbox.Api;

/// <summary>
/// The parts of a list request the sandbox honours: <c>filter[...]</c> (comma lists, <c>a..b</c> ranges of ids,
/// numbers or ISO-8601 times with <c>neginf</c>/<c>inf</c>, <c>__null__</c>/<c>__notnull__</c>), <c>sort=a,-b</c>,
/// <c>fields[type]=a,b</c>, <c>page[size]</c> (default 50, 1..1000), <c>page[after]</c> cursors and
/// <c>count=true|false</c>.
/// </summary>
public sealed class ListQuery
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;

    public List<ListFilter> Filters { get; } = new();
    /// <summary>Sort keys in order; Descending for a leading '-'.</summary>
    public List<(string Key, bool Descending)> Sort { get; } = new();
    public string? SortText { get; private set; }
    /// <summary>Sparse fieldsets by resource type.</summary>
    public Dictionary<string, HashSet<string>> Fields { get; } = new(StringComparer.Ordinal);
    public List<(string RawKey, string Value)> FieldParameters { get; } = new();
    public int PageSize { get; private set; } = DefaultPageSize;
    /// <summary>Unsorted lists page by id (the last id of the previous page); sorted lists by position.</summary>
    public long After { get; private set; }
    public long Offset { get; private set; }
    public bool Count { get; private set; }
    public string? Error { get; private set; }

    public static ListQuery Parse(IQueryCollection query)
    {
        var q = new ListQuery();
        foreach (var (key, values) in query)
        {
            var value = values.ToString();
            if (key.StartsWith("filter[", StringComparison.Ordinal) && key.EndsWith(']'))
            {
                var inner = key.Substring(7, key.Length - 8).Replace("][", ".", StringComparison.Ordinal);
                q.Filters.Add(new ListFilter(inner, key, value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)));
            }
            else if (key.StartsWith("fields[", StringComparison.Ordinal) && key.EndsWith(']'))
            {
                q.Fields[key[7..^1]] = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
                q.FieldParameters.Add((key, value));
            }
            else if (key == "sort")
            {
                q.SortText = value;
                foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                    q.Sort.Add(part.StartsWith('-') ? (part[1..], true) : (part, false));
            }
            else if (key == "page[size]")
            {
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 1 || size > MaxPageSize)
                    q.Error = $"page[size] must be an integer from 1 to {MaxPageSize}.";
                else q.PageSize = size;
            }
            else if (key == "page[after]")
            {
                var cursor = DecodeCursor(value);
                if (cursor is null) q.Error = "page[after] is not a valid cursor.";
                else if (cursor.Value.Offset) q.Offset = cursor.Value.Value;
                else q.After = cursor.Value.Value;
            }
            else if (key == "count")
            {
                if (value is not ("true" or "false")) q.Error = "count must be true or false.";
                q.Count = value == "true";
            }
        }
        return q;
    }

    public static string EncodeCursor(long value, bool offset = false) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes((offset ? "{\"offset\":" : "{\"after\":") + value.ToString(CultureInfo.InvariantCulture) + "}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static (long Value, bool Offset)? DecodeCursor(string cursor)
    {
        try
        {
            var b64 = cursor.Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(b64));
            foreach (var (prefix, offset) in new[] { ("{\"after\":", false), ("{\"offset\":", true) })
            {
                if (!text.StartsWith(prefix, StringComparison.Ordinal) || !text.EndsWith('}')) continue;
                return long.TryParse(text.AsSpan(prefix.Length, text.Length - prefix.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var v)
                    ? (v, offset) : null;
            }
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Whether one record value matches any of the range or null-test <paramref name="patterns"/>.</summary>
    public static bool Matches(List<string> patterns, string? actual)
    {
        foreach (var w in patterns)
        {
            if (w == "__null__" && actual is null) return true;
            if (w == "__notnull__" && actual is not null) return true;
            if (actual is null) continue;
            var dots = w.IndexOf("..", StringComparison.Ordinal);
            if (dots >= 0 && InRange(actual, w[..dots], w[(dots + 2)..])) return true;
        }
        return false;
    }

    private static bool InRange(string actual, string lo, string hi)
    {
        var openLo = lo is "" or "neginf";
        var openHi = hi is "" or "inf";
        if (long.TryParse(actual, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            return (openLo || (long.TryParse(lo, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) && n >= l))
                && (openHi || (long.TryParse(hi, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var h) && n <= h));
        if (Time(actual) is { } t)
            return (openLo || (Time(lo) is { } l && t >= l)) && (openHi || (Time(hi) is { } h && t <= h));
        return false;
    }

    private static DateTimeOffset? Time(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;

    /// <summary>Orders two values of a sort key: numbers numerically, ISO times by time, text case-insensitively; null first.</summary>
    public static int CompareValues(string? a, string? b)
    {
        if (a is null || b is null) return a is null ? (b is null ? 0 : -1) : 1;
        if (long.TryParse(a, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var x) && long.TryParse(b, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var y))
            return x.CompareTo(y);
        if (a.Length >= 10 && b.Length >= 10 && char.IsDigit(a[0]) && char.IsDigit(b[0]) && Time(a) is { } ta && Time(b) is { } tb)
            return ta.CompareTo(tb);
        return string.Compare(a, b, StringComparison.OrdinalIgnoreCase);
    }
}
