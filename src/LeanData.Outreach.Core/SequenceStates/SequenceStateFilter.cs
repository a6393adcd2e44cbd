namespace LeanData.Outreach.SequenceStates;

/// <summary>
/// What Get-LDSequenceState asks Outreach for. Every list is sent as a server-side filter
/// (<c>filter[id]</c>, <c>filter[prospect][id]</c>, <c>filter[sequence][id]</c>, <c>filter[mailbox][id]</c>,
/// <c>filter[state]</c>); lists combine with AND across kinds and OR within a kind. Empty lists filter nothing.
/// </summary>
public sealed record SequenceStateFilter
{
    public IReadOnlyList<long> Ids { get; init; } = [];
    public IReadOnlyList<long> ProspectIds { get; init; } = [];
    public IReadOnlyList<long> SequenceIds { get; init; } = [];
    public IReadOnlyList<long> MailboxIds { get; init; } = [];
    public IReadOnlyList<string> States { get; init; } = [];

    /// <summary>The query string pairs for one request (use <see cref="Split"/> first for long id lists).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToQuery()
    {
        var query = new List<KeyValuePair<string, string>>();
        Add(query, "filter[id]", Ids);
        Add(query, "filter[prospect][id]", ProspectIds);
        Add(query, "filter[sequence][id]", SequenceIds);
        Add(query, "filter[mailbox][id]", MailboxIds);
        if (States.Count > 0) query.Add(new("filter[state]", string.Join(',', States.Select(s => s.Trim().ToLowerInvariant()).Distinct())));
        return query;
    }

    /// <summary>Splits long id lists so no request carries more than <paramref name="maxIdsPerRequest"/> ids of one kind.</summary>
    public IEnumerable<SequenceStateFilter> Split(int maxIdsPerRequest = 100)
    {
        IEnumerable<SequenceStateFilter> parts = [this];
        parts = parts.SelectMany(p => Chunks(p.Ids, maxIdsPerRequest).Select(c => p with { Ids = c }));
        parts = parts.SelectMany(p => Chunks(p.ProspectIds, maxIdsPerRequest).Select(c => p with { ProspectIds = c }));
        parts = parts.SelectMany(p => Chunks(p.SequenceIds, maxIdsPerRequest).Select(c => p with { SequenceIds = c }));
        parts = parts.SelectMany(p => Chunks(p.MailboxIds, maxIdsPerRequest).Select(c => p with { MailboxIds = c }));
        return parts;
    }

    private static IEnumerable<IReadOnlyList<long>> Chunks(IReadOnlyList<long> ids, int size) =>
        ids.Count <= size ? [ids] : ids.Distinct().Chunk(size).Select(c => (IReadOnlyList<long>)c);

    private static void Add(List<KeyValuePair<string, string>> query, string key, IReadOnlyList<long> ids)
    {
        if (ids.Count == 0) return;
        query.Add(new(key, string.Join(',', ids.Distinct().Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)))));
    }
}
