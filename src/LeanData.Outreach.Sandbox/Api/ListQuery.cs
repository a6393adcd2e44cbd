using System.Text;
using Microsoft.AspNetCore.Http;

namespace LeanData.Outreach.Sandbox.Api;

/// <summary>
/// The parts of a list request the sandbox honours: <c>filter[...]</c> (comma lists, <c>a..b</c> id ranges),
/// <c>page[size]</c> (default 50, 1..1000), <c>page[after]</c> cursors and <c>count=true</c>.
/// </summary>
public sealed class ListQuery
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;

    public List<(string Key, string RawKey, string[] Values)> Filters { get; } = new();
    public int PageSize { get; private set; } = DefaultPageSize;
    public long After { get; private set; }
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
                q.Filters.Add((inner, key, value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)));
            }
            else if (key == "page[size]")
            {
                if (!int.TryParse(value, out var size) || size < 1 || size > MaxPageSize)
                    q.Error = $"page[size] must be an integer from 1 to {MaxPageSize}.";
                else q.PageSize = size;
            }
            else if (key == "page[after]")
            {
                var after = DecodeCursor(value);
                if (after is null) q.Error = "page[after] is not a valid cursor.";
                else q.After = after.Value;
            }
            else if (key == "count")
            {
                q.Count = string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
            }
        }
        return q;
    }

    public static string EncodeCursor(long lastId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"after\":" + lastId + "}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static long? DecodeCursor(string cursor)
    {
        try
        {
            var b64 = cursor.Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(b64));
            const string prefix = "{\"after\":";
            if (!text.StartsWith(prefix, StringComparison.Ordinal) || !text.EndsWith('}')) return null;
            return long.TryParse(text.AsSpan(prefix.Length, text.Length - prefix.Length - 1), out var id) ? id : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Whether one filter's values match any of the record's values (ids: exact or a..b range; text: case-insensitive).</summary>
    public static bool Matches(string[] wanted, IEnumerable<string?> actual)
    {
        foreach (var a in actual)
        {
            foreach (var w in wanted)
            {
                if (w == "__null__" && a is null) return true;
                if (w == "__notnull__" && a is not null) return true;
                if (a is null) continue;
                var dots = w.IndexOf("..", StringComparison.Ordinal);
                if (dots >= 0 && long.TryParse(a, out var n))
                {
                    var lo = w[..dots];
                    var hi = w[(dots + 2)..];
                    var okLo = lo is "" or "neginf" || (long.TryParse(lo, out var l) && n >= l);
                    var okHi = hi is "" or "inf" || (long.TryParse(hi, out var h) && n <= h);
                    if (okLo && okHi) return true;
                }
                else if (string.Equals(w, a, StringComparison.OrdinalIgnoreCase)) return true;
            }
        }
        return false;
    }
}
