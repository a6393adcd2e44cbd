namespace LeanData.Outreach.Outreach;

/// <summary>One finished HTTP exchange (after any 401 refresh): status (0 when no response), body, headers, classification.</summary>
internal sealed record Exchange(int StatusCode, string? Body, RateLimitObservation? RateLimit, OutreachFailure? Failure)
{
    public bool IsSuccess => Failure is null;

    /// <summary>A failure whose outcome on the server is unknown or passing: no response, timeout, or 5xx other than maintenance.</summary>
    public bool IsTransient => Failure?.Category == Errors.FailureCategory.Transient;
}
