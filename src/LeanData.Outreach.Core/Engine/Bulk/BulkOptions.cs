using LeanData.Outreach.Configuration;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outreach.Client;
using LeanData.Outreach.Store;

namespace LeanData.Outreach.Engine.Bulk;

/// <summary>
/// When and how records go to Outreach's Bulk API instead of one POST each. Where Outreach documents nothing (poll pacing,
/// the daily cap, the batch item's <c>data</c>), the choice is a setting here.
/// </summary>
public sealed record BulkOptions
{
    public const int DefaultThreshold = 25;

    /// <summary>Off with -NoBulk: every record takes the per-record path.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>A flush's group for one (sequence, mailbox) takes the bulk path from this many records on (-BulkThreshold).</summary>
    public int Threshold { get; init; } = DefaultThreshold;

    /// <summary>Prospect ids in one bulk action (Outreach allows 100,000).</summary>
    public int MaxIdsPerAction { get; init; } = OutreachClient.MaxBulkIds;

    /// <summary>Batch items this org may submit per UTC day; past it records use the per-record path (the stored <see cref="BulkLimit"/>, see <see cref="WithStoredLimit"/>).</summary>
    public long DailyItemCap { get; init; } = BulkLimit.DefaultItemsPerDay;

    /// <summary>The first poll of a batch comes this long after it was accepted; each next one waits twice as long, up to <see cref="MaxPollInterval"/>.</summary>
    public TimeSpan FirstPoll { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest a batch is polled; after it, its records stay Pending with an unknown outcome (looked up before any re-send).</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>When records whose bulk outcome is unknown (stopped while polling, polled too long) are due again.</summary>
    public TimeSpan UnknownOutcomeRetryDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Use a failed batch item's <c>data</c> to find its record when it parses as <c>{"id":N}</c> naming a prospect of the
    /// action that the lookup did not find enrolled. Outreach does not document the format, so it is only a hint: items it
    /// does not map are matched only when all of them carry one and the same failure, and any record still unmatched is
    /// sent again on its own (which gives the exact answer).
    /// </summary>
    public bool UseItemDataHint { get; init; } = true;

    /// <summary>Bulk actions (each a POST, its polls and lookups) in flight at once.</summary>
    public int MaxConcurrentActions { get; init; } = 4;

    public static BulkOptions Disabled { get; } = new() { Enabled = false };

    /// <summary>These options with the store's daily cap (Set-LDBulkLimit), as Invoke-LDAddToSequence and the retry worker both use them.</summary>
    public BulkOptions WithStoredLimit(LDStore store) =>
        this with { DailyItemCap = store.Exists ? new ConfigurationRepository(store).GetBulkLimit().ItemsPerDay : BulkLimit.DefaultItemsPerDay };

    public BulkOptions Validated()
    {
        if (Threshold < 1) throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "BulkThreshold must be at least 1.");
        if (MaxIdsPerAction is < 1 or > OutreachClient.MaxBulkIds)
            throw new ArgumentOutOfRangeException(nameof(MaxIdsPerAction), MaxIdsPerAction, $"A bulk action carries 1 to {OutreachClient.MaxBulkIds} ids.");
        if (DailyItemCap < 0) throw new ArgumentOutOfRangeException(nameof(DailyItemCap), DailyItemCap, "The daily bulk cap must not be negative.");
        if (FirstPoll <= TimeSpan.Zero || MaxPollInterval < FirstPoll || MaxWait <= TimeSpan.Zero || MaxConcurrentActions < 1)
            throw new ArgumentOutOfRangeException(nameof(FirstPoll), "Poll pacing must be positive, with MaxPollInterval at least FirstPoll.");
        return this;
    }
}
