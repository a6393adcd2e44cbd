using System.Text.Json;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outreach.Client;
using LeanData.Outreach.Outreach.Model;

namespace LeanData.Outreach.Engine.Bulk;

/// <summary>
/// Maps a finished bulk action back to its prospects without relying on the batch items' undocumented <c>data</c>:
/// successes are the prospects with a sequenceState in the sequence created since the action began; failures are the failed
/// items, placed by their <c>data</c> only as a cross-checked hint (<see cref="BulkOptions.UseItemDataHint"/>), else only when
/// every unplaced item carries the same failure and they are exactly as many as the prospects left. The rest is unmapped.
/// </summary>
internal static class BulkResultMapper
{
    public sealed record Mapping(IReadOnlyDictionary<long, OutreachSequenceState> Enrolled, IReadOnlyDictionary<long, OutreachFailure> Failed);

    public static Mapping Map(IReadOnlyCollection<long> prospects, IEnumerable<OutreachSequenceState> states, DateTimeOffset since,
        IReadOnlyList<OutreachBatchItem> failedItems, bool useDataHint)
    {
        var wanted = prospects.ToHashSet();
        var enrolled = new Dictionary<long, OutreachSequenceState>();
        foreach (var state in states)
        {
            if (state.ProspectId is not { } prospect || !wanted.Contains(prospect) || state.CreatedAt is not { } created || created < since) continue;
            if (!enrolled.TryGetValue(prospect, out var seen) || state.Id > seen.Id) enrolled[prospect] = state;
        }

        var failed = new Dictionary<long, OutreachFailure>();
        var unplaced = new List<OutreachBatchItem>();
        foreach (var item in failedItems)
        {
            if (useDataHint && ProspectIn(item.Data) is { } hinted && wanted.Contains(hinted) && !enrolled.ContainsKey(hinted) && !failed.ContainsKey(hinted))
                failed[hinted] = OutreachErrorClassifier.ClassifyBatchItem(item.Info);
            else
                unplaced.Add(item);
        }
        var left = wanted.Where(p => !enrolled.ContainsKey(p) && !failed.ContainsKey(p)).ToList();
        if (unplaced.Count > 0 && unplaced.Count == left.Count && unplaced.Select(i => i.Info).Distinct(StringComparer.Ordinal).Count() == 1)
        {
            var failure = OutreachErrorClassifier.ClassifyBatchItem(unplaced[0].Info);
            foreach (var prospect in left) failed[prospect] = failure;
        }
        return new Mapping(enrolled, failed);
    }

    /// <summary><c>{"id":N}</c> (as a string or an object) → N; anything else → null.</summary>
    private static long? ProspectIn(string? data)
    {
        if (string.IsNullOrWhiteSpace(data)) return null;
        try
        {
            using var json = JsonDocument.Parse(data);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("id", out var id)
                && id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var n) ? n : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
