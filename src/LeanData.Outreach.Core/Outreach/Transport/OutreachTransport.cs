using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outreach.OAuth;
using Polly;
using Polly.Retry;

namespace LeanData.Outreach.Outreach.Transport;

/// <summary>
/// The one way a request reaches Outreach's API: admission (<see cref="RequestAdmission"/>: maintenance gate,
/// server rate state, client budget), the bearer token from the <see cref="TokenManager"/> (one refresh and one
/// re-send on a 401), the JSON:API media type, a timeout per attempt, rate-limit headers fed back to the admission
/// and reported to the <see cref="IOutreachObserver"/> (the one channel for rate-limit facts), every exchange
/// reported as a callout, and Polly's quick retries for transient failures. Thread-safe.
/// </summary>
internal sealed class OutreachTransport
{
    public const string MediaType = "application/vnd.api+json";

    private readonly HttpClient http;
    private readonly TokenManager tokens;
    private readonly OutreachClientOptions options;
    private readonly IOutreachObserver? observer;
    private readonly TimeProvider time;
    private RateLimitObservation? lastRateLimit;
    private readonly DateTimeOffset started;
    private int probed;

    public OutreachTransport(HttpClient http, TokenManager tokens, OutreachClientOptions options, RequestAdmission admission, IOutreachObserver? observer, TimeProvider time)
    {
        this.http = http;
        this.tokens = tokens;
        this.options = options;
        this.observer = observer;
        this.time = time;
        Admission = admission;
        started = time.GetUtcNow();
        RetryPipeline = BuildRetryPipeline();
    }

    public RequestAdmission Admission { get; }

    /// <summary>Quick jittered retries of transient failures (never of 429, maintenance or a request admission held back).</summary>
    public ResiliencePipeline<Exchange> RetryPipeline { get; }

    public RateLimitObservation? LastRateLimit => Volatile.Read(ref lastRateLimit);

    /// <summary>Whether the current token's granted scopes cover <paramref name="scope"/> (true when the token does not list its scopes).</summary>
    public bool IsGranted(string scope) => OutreachScopes.Grants(tokens.Current?.Scopes ?? [], scope);

    public Task<Exchange> SendAsync(HttpMethod method, Uri uri, string? body, CancellationToken cancellationToken) =>
        RetryPipeline.ExecuteAsync(ct => new ValueTask<Exchange>(SendOnceAsync(method, uri, body, ct)), cancellationToken).AsTask();

    /// <summary>One logical send: bearer token, and on a 401 one refresh and one re-send; each HTTP request admitted first.</summary>
    public async Task<Exchange> SendOnceAsync(HttpMethod method, Uri uri, string? body, CancellationToken cancellationToken)
    {
        string token;
        try
        {
            token = await tokens.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (LDOutreachException ex)
        {
            return AuthorizationFailure(ex);
        }
        var exchange = await AdmitAndSendAsync(method, uri, body, token, cancellationToken).ConfigureAwait(false);
        if (exchange.StatusCode != 401) return exchange;

        string? refreshed;
        try
        {
            refreshed = await tokens.RefreshAfterUnauthorizedAsync(token, cancellationToken).ConfigureAwait(false);
        }
        catch (LDOutreachException ex)
        {
            return AuthorizationFailure(ex);
        }
        if (refreshed is null) return exchange;
        return await AdmitAndSendAsync(method, uri, body, refreshed, cancellationToken).ConfigureAwait(false);
    }

    private static Exchange AuthorizationFailure(LDOutreachException ex)
    {
        var status = ex is OAuthException oauth ? oauth.StatusCode : 0;
        return new Exchange(status, null, null, new OutreachFailure(ex.Category, status, ex.ErrorId, ex.Message) { TokenRefused = ex is TokenRefreshFailedException });
    }

    private async Task<Exchange> AdmitAndSendAsync(HttpMethod method, Uri uri, string? body, string accessToken, CancellationToken cancellationToken)
    {
        // This transport's first request may probe a maintenance window learned before it was made (another command's).
        var probeIfLearnedBefore = Volatile.Read(ref probed) == 0 ? started : (DateTimeOffset?)null;
        var (ticket, blocked) = await Admission.AdmitAsync(options.MaxAdmissionWait, cancellationToken, probeIfLearnedBefore).ConfigureAwait(false);
        if (ticket is { IsProbe: true }) Interlocked.Exchange(ref probed, 1);
        if (blocked is not null) return new Exchange(0, null, null, blocked);
        RateLimitObservation? observed = null;
        OutreachFailure? failure = null;
        try
        {
            var exchange = await SendHttpAsync(method, uri, body, accessToken, cancellationToken).ConfigureAwait(false);
            (observed, failure) = (exchange.RateLimit, exchange.Failure);
            return exchange;
        }
        finally
        {
            ticket!.Complete(observed, failure);
        }
    }

    private async Task<Exchange> SendHttpAsync(HttpMethod method, Uri uri, string? body, string accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaType));
        request.Headers.UserAgent.TryParseAdd(options.UserAgent);
        // Outreach documents that every request carries the JSON:API Content-Type (else 415), GETs and
        // body-less action POSTs included, so those get an empty body with the header.
        request.Content = body is null ? new ByteArrayContent([]) : new StringContent(body, Encoding.UTF8);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(MediaType);

        var started = time.GetUtcNow();
        var watch = Stopwatch.StartNew();
        using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attemptTimeout.CancelAfter(options.AttemptTimeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, attemptTimeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(attemptTimeout.Token).ConfigureAwait(false);
            var rateLimit = RateLimitHeaderParser.Parse(status, response.Headers, time.GetUtcNow());
            PublishRateLimit(rateLimit);
            OutreachFailure? failure = response.IsSuccessStatusCode ? null : OutreachErrorClassifier.Classify(status, text, rateLimit);
            Report(method, uri, status, started, watch, failure is null ? SuccessSummary(status, text) : FailureSummary(failure), failure);
            return new Exchange(status, text, rateLimit, failure);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is HttpRequestException or OperationCanceledException or IOException)
        {
            var failure = OutreachErrorClassifier.FromException(ex is OperationCanceledException ? new TimeoutException() : ex);
            Report(method, uri, 0, started, watch, "no response: " + failure.Message, failure);
            return new Exchange(0, null, null, failure);
        }
    }

    private ResiliencePipeline<Exchange> BuildRetryPipeline()
    {
        var builder = new ResiliencePipelineBuilder<Exchange> { TimeProvider = time };
        if (options.TransientRetryCount > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<Exchange>
            {
                MaxRetryAttempts = options.TransientRetryCount,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.TransientRetryBaseDelay,
                MaxDelay = TimeSpan.FromSeconds(10),
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { IsTransient: true }),
            });
        }
        return builder.Build();
    }

    private void PublishRateLimit(RateLimitObservation observation)
    {
        if (!observation.HasServerLimits && observation.RetryAfter is null) return;
        Volatile.Write(ref lastRateLimit, observation);
        observer?.OnRateLimit(observation);
    }

    private void Report(HttpMethod method, Uri uri, int status, DateTimeOffset started, Stopwatch watch, string summary, OutreachFailure? failure) =>
        observer?.OnCallout(new CalloutRecord(method.Method, uri.AbsolutePath, status, started, watch.ElapsedMilliseconds, Truncate(summary, 300),
            failure?.Descriptor.FailureReason));

    private static string SuccessSummary(int status, string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("data", out var data))
            {
                if (data.ValueKind == JsonValueKind.Array) return $"{data.GetArrayLength()} resource(s)";
                if (data.ValueKind == JsonValueKind.Object)
                {
                    var type = data.TryGetProperty("type", out var t) ? t.ToString() : "resource";
                    var id = data.TryGetProperty("id", out var i) ? i.ToString() : "?";
                    return $"{type} {id}";
                }
            }
        }
        catch (JsonException)
        {
            // fall through
        }
        return "OK";
    }

    private static string FailureSummary(OutreachFailure failure) =>
        $"{failure.Category}{(failure.OutreachErrorId is null ? "" : " (" + failure.OutreachErrorId + ")")}: {failure.Message}";

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
