using LeanData.Outreach.Catalog;
using LeanData.Outreach.Routing;

namespace LeanData.Outreach.Engine.Planning;

/// <summary>
/// The V2 User-Sequence Mapping for one run: each record goes to the primary sequence of its sender (the
/// Outreach user the mailbox mode chose). Built once per run from the user-sequence map and the sequence
/// catalog cache; the planner's per-record lookups read memory only.
/// </summary>
public sealed class UserSequenceRouting
{
    private readonly Dictionary<long, SequenceInfo> _sequences;

    public UserSequenceRouting(UserSequenceMap map, IEnumerable<SequenceInfo> sequences)
    {
        Map = map;
        _sequences = sequences.GroupBy(s => s.Id).ToDictionary(g => g.Key, g => g.First());
    }

    public UserSequenceMap Map { get; }

    /// <summary>The user's mapping (null: the user has no primary sequence).</summary>
    public UserSequenceMapping? FindMapping(long outreachUserId) => Map.FindSequenceFor(outreachUserId);

    /// <summary>A mapped sequence as the catalog cache knows it now (null: not in the catalog).</summary>
    public SequenceInfo? FindSequence(long sequenceId) => _sequences.GetValueOrDefault(sequenceId);
}
