namespace LeanData.Outreach.Sandbox.Faults;

/// <summary>
/// One fault-injection rule. <see cref="Route"/> is a route key such as "POST /sequenceStates",
/// "GET /prospects/{id}", "POST /oauth/token", or "*" for every API and OAuth route.
/// It fires for the next <see cref="Count"/> matching requests, or (when <see cref="Count"/> is null)
/// on each matching request with <see cref="Probability"/>.
/// </summary>
public sealed class FaultRule
{
    public long Id { get; set; }
    public string Route { get; set; } = "*";
    public FaultKind Kind { get; set; }
    public int Status { get; set; } = 500;
    public int DelayMs { get; set; }
    public int? Count { get; set; }
    public double Probability { get; set; } = 1.0;
    /// <summary>Seconds for Retry-After on <see cref="FaultKind.RateLimit"/>.</summary>
    public int RetryAfterSeconds { get; set; } = 2;
    /// <summary>Items a batch processes before it fails, on <see cref="FaultKind.FailBatch"/>.</summary>
    public int AfterItems { get; set; }
    public long Fired { get; set; }

    public bool Matches(string route) => Route == "*" || string.Equals(Route, route, StringComparison.OrdinalIgnoreCase);
}
