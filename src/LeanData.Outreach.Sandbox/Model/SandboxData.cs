namespace LeanData.Outreach.Sandbox.Model;

/// <summary>
/// The sandbox's in-memory Outreach org. Every read and write takes <see cref="Sync"/>; the lock is held
/// for microseconds (no I/O under it), which is enough for thousands of enrollments a second.
/// </summary>
public sealed class SandboxData
{
    public object Sync { get; } = new();

    public string OrgName { get; set; } = "Sandbox Org";
    public string OrgGuid { get; set; } = "00000000-0000-4000-8000-000000000001";
    public SortedDictionary<long, SandboxUser> Users { get; } = new();
    public SortedDictionary<long, SandboxMailbox> Mailboxes { get; } = new();
    public SortedDictionary<long, SandboxRuleset> Rulesets { get; } = new();
    public SortedDictionary<long, SandboxSequence> Sequences { get; } = new();
    public SortedDictionary<long, SandboxSequenceStep> SequenceSteps { get; } = new();
    public SortedDictionary<long, SandboxProspect> Prospects { get; } = new();
    public SortedDictionary<long, SandboxSequenceState> SequenceStates { get; } = new();
    public SortedDictionary<long, SandboxBatch> Batches { get; } = new();
    /// <summary>Every batch's items; item ids are positions + 1 (items are only appended), so a batch's items are one range.</summary>
    public List<SandboxBatchItem> BatchItems { get; } = new();

    private readonly Dictionary<long, List<SandboxSequenceState>> _statesByProspect = new();
    private readonly Dictionary<long, bool> _sequenceHasEmail = new();
    private long _nextStateId = 1;

    /// <summary>Removes everything. Caller holds <see cref="Sync"/>.</summary>
    public void Clear()
    {
        Users.Clear(); Mailboxes.Clear(); Rulesets.Clear(); Sequences.Clear(); SequenceSteps.Clear();
        Prospects.Clear(); SequenceStates.Clear(); _statesByProspect.Clear(); _sequenceHasEmail.Clear();
        Batches.Clear(); BatchItems.Clear();
        _nextStateId = 1;
    }

    /// <summary>Recomputes derived indexes after seeding. Caller holds <see cref="Sync"/>.</summary>
    public void Reindex()
    {
        _sequenceHasEmail.Clear();
        foreach (var step in SequenceSteps.Values)
        {
            if (step.IsEmail) _sequenceHasEmail[step.SequenceId] = true;
        }
        _statesByProspect.Clear();
        foreach (var s in SequenceStates.Values) IndexState(s);
        _nextStateId = SequenceStates.Count == 0 ? 1 : SequenceStates.Keys.Max() + 1;
    }

    public bool SequenceHasEmailStep(long sequenceId) => _sequenceHasEmail.ContainsKey(sequenceId);

    public int StepCount(long sequenceId) => SequenceSteps.Values.Count(s => s.SequenceId == sequenceId);

    /// <summary>All states (any state) of one prospect. Caller holds <see cref="Sync"/>.</summary>
    public IReadOnlyList<SandboxSequenceState> StatesOf(long prospectId) =>
        _statesByProspect.TryGetValue(prospectId, out var list) ? list : Array.Empty<SandboxSequenceState>();

    /// <summary>Adds a state with the next id. Caller holds <see cref="Sync"/>.</summary>
    public SandboxSequenceState AddState(SandboxSequenceState state)
    {
        if (state.Id == 0) state.Id = _nextStateId++;
        else _nextStateId = Math.Max(_nextStateId, state.Id + 1);
        SequenceStates[state.Id] = state;
        IndexState(state);
        return state;
    }

    /// <summary>Adds a batch with the next id and one pending item per prospect id, in order. Caller holds <see cref="Sync"/>.</summary>
    public SandboxBatch AddBatch(SandboxBatch batch, IReadOnlyList<long> prospectIds)
    {
        batch.Id = Batches.Count == 0 ? 1 : Batches.Keys.Max() + 1;
        batch.FirstItemId = BatchItems.Count + 1;
        batch.Total = prospectIds.Count;
        batch.Pending = prospectIds.Count;
        BatchItems.EnsureCapacity(BatchItems.Count + prospectIds.Count);
        foreach (var prospectId in prospectIds)
        {
            BatchItems.Add(new SandboxBatchItem { Id = BatchItems.Count + 1, BatchId = batch.Id, ProspectId = prospectId, CreatedAt = batch.CreatedAt });
        }
        Batches[batch.Id] = batch;
        return batch;
    }

    /// <summary>The item with this id, if any. Caller holds <see cref="Sync"/>.</summary>
    public SandboxBatchItem? BatchItem(long id) => id >= 1 && id <= BatchItems.Count ? BatchItems[(int)(id - 1)] : null;

    /// <summary>Removes a state. Caller holds <see cref="Sync"/>.</summary>
    public bool RemoveState(long id)
    {
        if (!SequenceStates.Remove(id, out var state)) return false;
        if (_statesByProspect.TryGetValue(state.ProspectId, out var list)) list.Remove(state);
        return true;
    }

    private void IndexState(SandboxSequenceState s)
    {
        if (!_statesByProspect.TryGetValue(s.ProspectId, out var list))
        {
            list = new List<SandboxSequenceState>(2);
            _statesByProspect[s.ProspectId] = list;
        }
        list.Add(s);
    }
}
