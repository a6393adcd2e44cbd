namespace LeanData.Outreach.Sandbox.Api;

/// <summary>
/// One <c>filter[...]</c> of a list request. Plain values are looked up in a set, so a comma list of 1,000 ids
/// costs one lookup per record, not 1,000 comparisons; ranges and <c>__null__</c>/<c>__notnull__</c> are checked in turn.
/// </summary>
public sealed class ListFilter
{
    private readonly HashSet<string> _exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _patterns = new();

    public ListFilter(string key, string rawKey, string[] values)
    {
        Key = key;
        RawKey = rawKey;
        Values = values;
        foreach (var v in values)
        {
            if (v is "__null__" or "__notnull__" || v.Contains("..", StringComparison.Ordinal)) _patterns.Add(v);
            else _exact.Add(v);
        }
    }

    /// <summary>The key with brackets joined by dots: <c>filter[prospect][id]</c> is <c>prospect.id</c>.</summary>
    public string Key { get; }
    public string RawKey { get; }
    public string[] Values { get; }

    /// <summary>The plain values when the filter has nothing else (no range or null test), else null.</summary>
    public IReadOnlyCollection<string>? ExactOnly => _patterns.Count == 0 ? _exact : null;

    /// <summary>Whether any of the record's values matches (exact, case-insensitive, or an a..b range of numbers or times).</summary>
    public bool Matches(IEnumerable<string?> actual)
    {
        foreach (var a in actual)
        {
            if (a is not null && _exact.Contains(a)) return true;
            if (_patterns.Count > 0 && ListQuery.Matches(_patterns, a)) return true;
        }
        return false;
    }
}
