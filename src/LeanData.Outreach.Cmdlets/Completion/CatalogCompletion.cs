using System.Collections;
using System.Management.Automation;
using LeanData.Outreach.Catalog;
using LeanData.Outreach.Store;

namespace LeanData.Outreach.Cmdlets.Completion;

/// <summary>
/// What the argument completers share: the store the command line names (-StorePath, else the default), read
/// from the cache only — never the network, never creating a store — and quoting of completion text.
/// </summary>
internal static class CatalogCompletion
{
    /// <summary>The cache of the command line's store, or null when that store does not exist yet.</summary>
    public static CatalogRepository? OpenCache(IDictionary fakeBoundParameters) =>
        OpenStore(fakeBoundParameters) is { } store ? new CatalogRepository(store) : null;

    /// <summary>The command line's store (-StorePath, else the default), or null when it does not exist yet.</summary>
    public static LDStore? OpenStore(IDictionary fakeBoundParameters)
    {
        try
        {
            var explicitPath = fakeBoundParameters["StorePath"] switch
            {
                string s => s,
                PSObject { BaseObject: string s } => s,
                _ => null,
            };
            var store = new LDStore(StoreLocation.Resolve(explicitPath));
            return store.Exists ? store : null;
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or NotSupportedException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The typed word without its quotes.</summary>
    public static string Unquote(string? word) => (word ?? "").Trim().Trim('\'', '"');

    /// <summary>Matches starting with the word first, then containing it; case-insensitive; empty word matches all.</summary>
    public static IEnumerable<T> Rank<T>(IEnumerable<T> items, string word, params Func<T, string?>[] keys)
    {
        var list = items.ToList();
        if (word.Length == 0) return list;
        var starts = list.Where(i => keys.Any(k => k(i)?.StartsWith(word, StringComparison.OrdinalIgnoreCase) == true));
        var contains = list.Where(i => keys.Any(k => k(i)?.Contains(word, StringComparison.OrdinalIgnoreCase) == true));
        return starts.Concat(contains).Distinct();
    }

    /// <summary>Single-quotes text that would not survive as a bare word.</summary>
    public static string Quote(string text) =>
        text.Length > 0 && text.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '@')
            ? text
            : "'" + text.Replace("'", "''") + "'";

    /// <summary>
    /// What every catalog completer does: open the command line's cache (no completions when there is none), unquote
    /// the typed word, and run <paramref name="complete"/> with both so that nothing it throws reaches the prompt.
    /// </summary>
    public static IEnumerable<CompletionResult> Complete(IDictionary fakeBoundParameters, string wordToComplete,
        Func<CatalogRepository, string, IEnumerable<CompletionResult>> complete) => Safely(() =>
    {
        var cache = OpenCache(fakeBoundParameters);
        return cache is null ? [] : complete(cache, Unquote(wordToComplete));
    });

    /// <summary>Runs a completion so that nothing it throws reaches the user's command line.</summary>
    public static IEnumerable<CompletionResult> Safely(Func<IEnumerable<CompletionResult>> complete)
    {
        try
        {
            return complete().ToList();
        }
#pragma warning disable CA1031 // a completer must never break the prompt
        catch (Exception)
#pragma warning restore CA1031
        {
            return [];
        }
    }
}
