using System.Globalization;
using LeanData.Outreach.Outreach;

namespace LeanData.Outreach.Cmdlets.Base;

/// <summary>
/// Writes a debug line for every Outreach request (method, path, status, time, summary) and for every answer
/// that tells the module to wait (429/503 and when), into <paramref name="write"/>: a sink the pipeline thread
/// drains (the running pump, or a queue), never WriteDebug from a worker thread.
/// </summary>
internal sealed class DebugCalloutObserver(Action<string> write) : IOutreachObserver
{
    public void OnCallout(CalloutRecord callout) =>
        Write($"Outreach {callout.Method} {callout.Path} -> {(callout.StatusCode == 0 ? "no response" : callout.StatusCode.ToString(CultureInfo.InvariantCulture))} " +
              $"in {callout.DurationMs} ms{(string.IsNullOrEmpty(callout.Summary) ? "" : ": " + callout.Summary)}");

    public void OnRateLimit(RateLimitObservation observation)
    {
        if (observation.StatusCode is 429 or 503 && observation.RetryAt is { } until)
            Write($"Outreach answered {observation.StatusCode}: nothing is sent before {until.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z " +
                  $"(Retry-After {(observation.RetryAfter is null ? "absent" : "given")}, X-RateLimit-Remaining {observation.Remaining?.ToString(CultureInfo.InvariantCulture) ?? "?"}).");
        else if (observation.Remaining is { } remaining)
            Write($"Outreach rate limit: {remaining.ToString(CultureInfo.InvariantCulture)} of {observation.Limit?.ToString(CultureInfo.InvariantCulture) ?? "?"} requests left" +
                  (observation.ResetAt is { } reset ? $" until {reset.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z." : "."));
    }

    private void Write(string text) => write(text);
}
