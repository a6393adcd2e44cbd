using System.Management.Automation;

namespace LeanData.Outreach.Cmdlets.Commands.Catalog;

/// <summary>Name matching shared by the catalog cmdlets: wildcards filter, plain names must match something.</summary>
internal static class CatalogLookup
{
    /// <summary>
    /// Items whose key matches any pattern (all items when there are none), in the items' order, each once, and the
    /// plain (non-wildcard) patterns that matched nothing in <paramref name="unmatched"/>.
    /// </summary>
    public static List<T> Match<T>(IEnumerable<T> items, string[]? patterns, Func<T, IEnumerable<string?>> keys, out List<string> unmatched)
    {
        unmatched = [];
        var list = items.ToList();
        if (patterns is null || patterns.Length == 0) return list;
        var selected = new HashSet<int>();
        foreach (var pattern in patterns.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()))
        {
            var wildcard = WildcardPattern.ContainsWildcardCharacters(pattern);
            var matcher = new WildcardPattern(pattern, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
            var any = false;
            for (var i = 0; i < list.Count; i++)
            {
                if (!keys(list[i]).Any(k => k is not null && (wildcard ? matcher.IsMatch(k) : string.Equals(k, pattern, StringComparison.OrdinalIgnoreCase)))) continue;
                selected.Add(i);
                any = true;
            }
            if (!any && !wildcard) unmatched.Add(pattern);
        }
        return list.Where((_, i) => selected.Contains(i)).ToList();
    }
}
