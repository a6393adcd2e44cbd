namespace LeanData.Outreach.Routing;

/// <summary>
/// An in-memory snapshot of the user-sequence map, read once per run, for the planner's per-record lookups
/// (no SQL per record).
/// </summary>
public sealed class UserSequenceMap
{
    private readonly Dictionary<long, UserSequenceMapping> byUser;

    public UserSequenceMap(IEnumerable<UserSequenceMapping> mappings) => byUser = mappings.ToDictionary(m => m.UserId);

    public static UserSequenceMap Empty { get; } = new([]);

    public int Count => byUser.Count;

    /// <summary>The primary sequence of an Outreach user, or null when the user has none.</summary>
    public UserSequenceMapping? FindSequenceFor(long outreachUserId) => byUser.GetValueOrDefault(outreachUserId);
}
