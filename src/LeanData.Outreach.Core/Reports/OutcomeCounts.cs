namespace LeanData.Outreach.Reports;

/// <summary>How many actions ended in each outcome.</summary>
public sealed record OutcomeCounts(long Success, long Pending, long Error, long Edge, long Skipped)
{
    public static OutcomeCounts Zero { get; } = new(0, 0, 0, 0, 0);

    public long Total => Success + Pending + Error + Edge + Skipped;

    public OutcomeCounts Add(string outcome, long count) => outcome switch
    {
        "Success" => this with { Success = Success + count },
        "Pending" => this with { Pending = Pending + count },
        "Error" => this with { Error = Error + count },
        "Edge" => this with { Edge = Edge + count },
        _ => this with { Skipped = Skipped + count },
    };

    public OutcomeCounts Add(OutcomeCounts other) =>
        new(Success + other.Success, Pending + other.Pending, Error + other.Error, Edge + other.Edge, Skipped + other.Skipped);
}
