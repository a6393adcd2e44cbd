using LeanData.Outreach.Engine.Planning;

namespace LeanData.Outreach.Engine.Bulk;

/// <summary>
/// Groups ready plans as a run would flush them (every <c>BatchSize</c> records; the window is not simulated) and names each
/// (sequence, mailbox) group the bulk path would take, under -WhatIf. Keeps only counts, so memory stays flat.
/// </summary>
public sealed class BulkPreviewer(BulkOptions options, int batchSize)
{
    private readonly Dictionary<(long, long), (int Count, string? Name)> _flush = [];
    private readonly List<BulkPreview> _previews = [];
    private int _inFlush;

    public IReadOnlyList<BulkPreview> Previews => _previews;

    /// <summary>Counts one planned record (every record fills the flush; only ready ones are sent).</summary>
    public void Add(RecordPlan plan)
    {
        if (plan.IsReady && plan.SequenceId is { } sequence && plan.MailboxId is { } mailbox)
            _flush[(sequence, mailbox)] = (_flush.TryGetValue((sequence, mailbox), out var g) ? g.Count + 1 : 1, plan.SequenceName);
        if (++_inFlush >= batchSize) Flush();
    }

    public void Flush()
    {
        if (options.Enabled)
            foreach (var ((sequence, mailbox), (count, name)) in _flush)
                if (count >= options.Threshold) _previews.Add(new BulkPreview(count, sequence, name, mailbox));
        _flush.Clear();
        _inFlush = 0;
    }
}
