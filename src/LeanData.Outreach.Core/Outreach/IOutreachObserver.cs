namespace LeanData.Outreach.Outreach;

/// <summary>Receives every callout and rate-limit observation the client makes. Implementations must be thread-safe and fast.</summary>
public interface IOutreachObserver
{
    void OnCallout(CalloutRecord callout);
    void OnRateLimit(RateLimitObservation observation);
}
