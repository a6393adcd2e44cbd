namespace LeanData.Outreach.Engine.Bulk;

/// <summary>
/// The one rule for which of a flush's records go to Outreach as one bulk action: per (sequence, mailbox), each prospect
/// once (a repeat takes the per-record path), from <see cref="BulkOptions.Threshold"/> distinct prospects on, split at
/// <see cref="BulkOptions.MaxIdsPerAction"/>. A run (<see cref="BulkEnroller"/>) and both -WhatIf previews use it.
/// </summary>
public static class BulkGrouping
{
    /// <summary>A bulk action's members: indexes into the flush, in flush order.</summary>
    public sealed record Group(long SequenceId, long MailboxId, IReadOnlyList<int> Indexes);

    /// <param name="count">Records in the flush.</param>
    /// <param name="at">Record <c>i</c>'s sequence, mailbox and prospect (null for a record that is not sent).</param>
    public static IEnumerable<Group> Of(int count, Func<int, (long? Sequence, long? Mailbox, long? Prospect)> at, BulkOptions options)
    {
        if (!options.Enabled || count < options.Threshold) yield break;
        var byKey = new Dictionary<(long, long), (HashSet<long> Prospects, List<int> Indexes)>();
        for (var i = 0; i < count; i++)
        {
            if (at(i) is not ({ } sequence, { } mailbox, { } prospect)) continue;
            if (!byKey.TryGetValue((sequence, mailbox), out var group)) byKey[(sequence, mailbox)] = group = ([], []);
            if (group.Prospects.Add(prospect)) group.Indexes.Add(i);
        }
        foreach (var ((sequence, mailbox), group) in byKey)
        {
            if (group.Indexes.Count < options.Threshold) continue;
            foreach (var chunk in group.Indexes.Chunk(options.MaxIdsPerAction))
                yield return new Group(sequence, mailbox, chunk);
        }
    }
}
