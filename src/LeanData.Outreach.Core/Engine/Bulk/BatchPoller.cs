using LeanData.Outreach.Errors;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outreach.Client;
using LeanData.Outreach.Outreach.Model;

namespace LeanData.Outreach.Engine.Bulk;

/// <summary>
/// Polls a batch until it is done, waiting <see cref="BulkOptions.FirstPoll"/> and then twice as long each time up to
/// <see cref="BulkOptions.MaxPollInterval"/>; a transient or held-back poll just waits for the next. Cancellation ends the
/// wait at once. Done is null when the batch is not done within <see cref="BulkOptions.MaxWait"/> or cannot be read; Refused
/// is the poll's answer that ended the wait (an invalid authorization, say), null when it timed out.
/// </summary>
internal sealed class BatchPoller(OutreachClient client, BulkOptions options, TimeProvider time)
{
    /// <param name="heartbeat">Called before each poll (the caller renews its leases there).</param>
    public async Task<(OutreachBatch? Done, OutreachFailure? Refused)> WaitAsync(OutreachBatch accepted, Action heartbeat, CancellationToken cancellationToken)
    {
        if (accepted.IsDone) return (accepted, null);
        var deadline = time.GetUtcNow() + options.MaxWait;
        var delay = options.FirstPoll;
        while (true)
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            heartbeat();
            var poll = await client.GetBatchAsync(accepted.Id, cancellationToken).ConfigureAwait(false);
            if (poll.IsSuccess && poll.Value!.IsDone) return (poll.Value, null);
            if (poll.Failure is { } failure && !failure.NotSent && failure.Category is not (FailureCategory.Transient or FailureCategory.RateLimitExceeded or FailureCategory.ScheduledMaintenance))
                return (null, failure);
            var now = time.GetUtcNow();
            if (now >= deadline) return (null, null);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxPollInterval.Ticks));
            if (poll.Failure?.RetryAt is { } retryAt && retryAt - now > delay) delay = retryAt - now;
            if (now + delay > deadline) delay = deadline - now;
        }
    }
}
