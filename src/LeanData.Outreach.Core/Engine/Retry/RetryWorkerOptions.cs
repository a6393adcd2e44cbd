namespace LeanData.Outreach.Engine.Retry;

/// <summary>How the retry worker drains: claim size, lease length, polling interval and its lease owner name.</summary>
public sealed record RetryWorkerOptions
{
    public int BatchSize { get; init; } = 50;
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Send every Pending action now, not waiting for its next attempt time (for example when Outreach's maintenance ended early).</summary>
    public bool IncludeNotDue { get; init; }
    /// <summary>Only these actions (still Pending), sent now whatever their next attempt time: an admin's hand-picked retry.</summary>
    public IReadOnlyCollection<long>? ActionIds { get; init; }
    internal bool SendNow => IncludeNotDue || ActionIds is not null;
    public string Owner { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public RetryWorkerOptions Validated()
    {
        if (BatchSize is < 1 or > 1000) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be between 1 and 1000.");
        if (LeaseDuration < TimeSpan.FromSeconds(1)) throw new ArgumentOutOfRangeException(nameof(LeaseDuration), LeaseDuration, "The lease must last at least one second.");
        if (PollInterval < TimeSpan.FromMilliseconds(100) || PollInterval > TimeSpan.FromDays(1))
            throw new ArgumentOutOfRangeException(nameof(PollInterval), PollInterval, "PollInterval must be between 100 ms and one day.");
        ArgumentException.ThrowIfNullOrWhiteSpace(Owner);
        return this;
    }
}
