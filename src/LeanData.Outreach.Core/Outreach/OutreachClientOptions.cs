namespace LeanData.Outreach.Outreach;

/// <summary>Settings for <see cref="OutreachClient"/>. Delays are configurable so tests stay fast.</summary>
public sealed class OutreachClientOptions
{
    public const int DefaultPageSize = 1000;

    /// <summary>The API root, e.g. https://api.outreach.io/api/v2 or http://127.0.0.1:5000/api/v2.</summary>
    public Uri ApiBaseUri { get; set; } = OutreachEndpoints.DefaultApiBaseUri;

    /// <summary><c>page[size]</c> for list calls (1..1000).</summary>
    public int PageSize { get; set; } = DefaultPageSize;

    /// <summary>Quick in-call retries for 5xx (not maintenance), timeouts and dropped connections.</summary>
    public int TransientRetryCount { get; set; } = 3;

    /// <summary>Base delay of the jittered exponential backoff between quick retries.</summary>
    public TimeSpan TransientRetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Timeout of one HTTP attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest a request waits in-line for a maintenance window to end, the server's rate-limit reset or a
    /// client-budget permit. Anything further away fails at once as not sent, with the time it may be sent.
    /// </summary>
    public TimeSpan MaxAdmissionWait { get; set; } = TimeSpan.FromSeconds(60);

    public string UserAgent { get; set; } = "LeanData.Outreach/" + (typeof(OutreachClientOptions).Assembly.GetName().Version?.ToString(3) ?? "0");

    public OutreachClientOptions Clone() => (OutreachClientOptions)MemberwiseClone();
}
