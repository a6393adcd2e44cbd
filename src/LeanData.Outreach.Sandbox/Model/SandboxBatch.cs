namespace LeanData.Outreach.Sandbox.Model;

/// <summary>
/// A Bulk API batch (reference/outreach-openapi.json <c>batch</c>): one prospectsAddToSequence action over
/// <see cref="Total"/> items. States: pending (queued or running) → finished / failed, or confirming (waiting
/// for POST /batches/{id}/actions/confirm) → pending; pending or confirming → canceled.
/// </summary>
public sealed class SandboxBatch
{
    public long Id { get; set; }
    public string Action { get; set; } = "prospectsAddToSequence";
    /// <summary>pending, confirming, finished, failed or canceled.</summary>
    public string State { get; set; } = "pending";
    public long CreatorId { get; set; }
    public long SequenceId { get; set; }
    public long? MailboxId { get; set; }
    /// <summary>Item ids run from <see cref="FirstItemId"/> to FirstItemId + Total - 1, in the order of the request's ids.</summary>
    public long FirstItemId { get; set; }
    public int Total { get; set; }
    /// <summary>Items processed so far (succeeded or failed), in item order.</summary>
    public int Processed { get; set; }
    public int Failures { get; set; }
    /// <summary>Items left in state pending (the batch's <c>pending</c> attribute).</summary>
    public int Pending { get; set; }
    /// <summary>Injected fault: after this many items the batch ends <c>failed</c> and the rest stay unprocessed.</summary>
    public int? FailAfterItems { get; set; }
    public string? FailureReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public DateTimeOffset? CanceledAt { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }

    public bool IsDone => State is "finished" or "failed" or "canceled";
    public long LastItemId => FirstItemId + Total - 1;
}
