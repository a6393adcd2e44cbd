namespace LeanData.Outreach.Sandbox.Faults;

/// <summary>What an injected fault does to a matching request.</summary>
public enum FaultKind
{
    /// <summary>Answer with <see cref="FaultRule.Status"/> (500, 502 or 504) and a JSON:API error body; nothing takes effect.</summary>
    Status,
    /// <summary>Wait <see cref="FaultRule.DelayMs"/> and then serve the request normally.</summary>
    Delay,
    /// <summary>Drop the connection before the request body is read; nothing takes effect.</summary>
    DropBeforeBody,
    /// <summary>Serve the request (its effect is applied) and drop the connection instead of answering.</summary>
    DropAfterBody,
    /// <summary>Answer 429 rateLimitExceeded with Retry-After (a 429 storm).</summary>
    RateLimit,
    /// <summary>
    /// On POST /batches/actions/prospectsAddToSequence: answer normally, but the batch ends <c>failed</c> after
    /// <see cref="FaultRule.AfterItems"/> items; the rest stay pending (neither enrolled nor failed).
    /// </summary>
    FailBatch,
}
