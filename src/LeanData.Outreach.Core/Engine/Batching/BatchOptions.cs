namespace LeanData.Outreach.Engine.Batching;

/// <summary>
/// When buffered records are sent: at <see cref="BatchSize"/> records, when the oldest buffered record has
/// waited <see cref="Window"/> (the reference document's 30-second accumulation window, also the maximum),
/// and at the end of input.
/// </summary>
public sealed record BatchOptions(int BatchSize, TimeSpan Window)
{
    public const int DefaultBatchSize = 100;
    public const int MaxBatchSize = 10_000;
    public static readonly TimeSpan MaxWindow = TimeSpan.FromSeconds(30);
    public static BatchOptions Default { get; } = new(DefaultBatchSize, MaxWindow);

    public BatchOptions Validated()
    {
        if (BatchSize is < 1 or > MaxBatchSize)
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, $"BatchSize must be between 1 and {MaxBatchSize}.");
        if (Window <= TimeSpan.Zero || Window > MaxWindow)
            throw new ArgumentOutOfRangeException(nameof(Window), Window, $"BatchWindow must be greater than zero and at most {MaxWindow.TotalSeconds} seconds.");
        return this;
    }
}
