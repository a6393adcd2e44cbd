using System.Management.Automation;

namespace LeanData.Outreach.Cmdlets.Commands.Catalog;

/// <summary>Name and id matching shared by the catalog cmdlets: wildcards filter, plain names and ids must match something.</summary>
internal static class CatalogLookup
{
    /// <summary>The items with the given ids, in the ids' order, and the ids that matched nothing in <paramref name="unmatched"/>.</summary>
    public static List<T> ById<T>(IEnumerable<T> items, long[] ids, Func<T, long> idOf, out List<long> unmatched)
    {
        var byId = new Dictionary<long, T>();
        foreach (var item in items) byId.TryAdd(idOf(item), item);
        unmatched = [];
        var found = new List<T>();
        foreach (var id in ids)
        {
            if (byId.TryGetValue(id, out var item)) found.Add(item);
            else unmatched.Add(id);
        }
        return found;
    }

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
