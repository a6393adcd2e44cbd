using LeanData.Outreach.Engine.Planning;

namespace LeanData.Outreach.Engine.Bulk;

/// <summary>
/// Under -WhatIf: cuts the records into flushes as a run would (every <c>BatchSize</c> records; Invoke's window is not
/// simulated) and names each group <see cref="BulkGrouping"/> would send as one bulk action, while the daily cap
/// (<see cref="BulkDailyCap.Preview"/>) has room for it. Holds one flush's keys at a time, so memory stays flat.
/// </summary>
public sealed class BulkPreviewer(BulkOptions options, int batchSize, BulkDailyCap? cap = null)
{
    private readonly List<(long? Sequence, long? Mailbox, long? Prospect, string? Name)> _flush = [];
    private readonly List<BulkPreview> _previews = [];

    public IReadOnlyList<BulkPreview> Previews => _previews;

    /// <summary>Counts one planned record (every record fills the flush; only ready ones are sent).</summary>
    public void Add(RecordPlan plan) =>
        Add(plan.IsReady ? plan.SequenceId : null, plan.MailboxId, plan.ProspectId, plan.SequenceName);

    /// <summary>Counts one record of the flush; a null key is a record the run would not send.</summary>
    public void Add(long? sequenceId, long? mailboxId, long? prospectId, string? sequenceName)
    {
        _flush.Add((sequenceId, mailboxId, prospectId, sequenceName));
        if (_flush.Count >= batchSize) Flush();
    }

    public void Flush()
    {
        foreach (var group in BulkGrouping.Of(_flush.Count, i => (_flush[i].Sequence, _flush[i].Mailbox, _flush[i].Prospect), options))
            if (cap?.TryReserve(group.Indexes.Count) != false)
                _previews.Add(new BulkPreview(group.Indexes.Count, group.SequenceId, _flush[group.Indexes[0]].Name, group.MailboxId));
        _flush.Clear();
    }
}
