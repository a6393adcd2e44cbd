namespace LeanData.Outreach.Engine.Batching;

/// <summary>Items flushed together, in the order they were added. <see cref="Number"/> counts from 1.</summary>
public sealed record Batch<T>(long Number, IReadOnlyList<T> Items, FlushReason Reason);
