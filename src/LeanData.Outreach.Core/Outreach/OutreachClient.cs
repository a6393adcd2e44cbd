using System.Diagnostics;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using LeanData.Outreach.Catalog;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outreach.JsonApi;
using LeanData.Outreach.Outreach.Model;
using LeanData.Outreach.Outreach.OAuth;
using Polly;
using Polly.Retry;

namespace LeanData.Outreach.Outreach;

/// <summary>
/// Outreach REST API v2 over one HttpClient: JSON:API content type, bearer token from the
/// <see cref="TokenManager"/> (refreshed once on a 401), rate-limit headers parsed on every response,
/// every exchange reported to the <see cref="IOutreachObserver"/>, quick Polly retries for transient failures
/// (never for 429 or maintenance, which are returned with their retry time), and duplicate-safe enrollment.
/// Thread-safe.
/// </summary>
public sealed class OutreachClient
{
    public const string MediaType = "application/vnd.api+json";
    private static readonly TimeSpan CreatedBySkew = TimeSpan.FromMinutes(5);

    private readonly HttpClient http;
    private readonly TokenManager tokens;
    private readonly IOutreachObserver? observer;
    private readonly TimeProvider time;
    private readonly Uri apiBaseUri;
    private readonly ResiliencePipeline<Exchange> transientPipeline;
    private RateLimitObservation? lastRateLimit;

    public OutreachClient(HttpClient http, TokenManager tokens, OutreachClientOptions? options = null, IOutreachObserver? observer = null, TimeProvider? time = null)
    {
        this.http = http;
        this.tokens = tokens;
        this.observer = observer;
        this.time = time ?? TimeProvider.System;
        Options = (options ?? new OutreachClientOptions()).Clone();
        if (Options.PageSize is < 1 or > 1000)
            throw new ArgumentOutOfRangeException(nameof(options), Options.PageSize, "PageSize must be between 1 and 1000.");
        apiBaseUri = OutreachEndpoints.ValidateApiBaseUri(Options.ApiBaseUri);
        transientPipeline = BuildRetryPipeline<Exchange>(e => e.IsTransient);
    }

    public OutreachClientOptions Options { get; }

    /// <summary>The latest rate-limit observation from any response.</summary>
    public RateLimitObservation? LastRateLimit => Volatile.Read(ref lastRateLimit);

    /// <summary>Raised for every response's rate-limit headers (also sent to the observer).</summary>
    public event Action<RateLimitObservation>? RateLimitObserved;

    /// <summary>Whether the current token's granted scopes cover <paramref name="scope"/> (true when the token does not list its scopes).</summary>
    public bool IsGranted(string scope) => OutreachScopes.Grants(tokens.Current?.Scopes ?? [], scope);

    /// <summary>How many HTTP requests this client has sent (every attempt, including lookups and 401 re-sends).</summary>
    public long RequestCount => Interlocked.Read(ref requestCount);
    private long requestCount;

    // ---------------------------------------------------------------- reads

    /// <summary>GET /api/v2: the token's user and org; throws <see cref="OutreachApiException"/> on failure.</summary>
    public async Task<OutreachIdentity> GetIdentityAsync(CancellationToken cancellationToken)
    {
        var exchange = await SendWithRetryAsync(HttpMethod.Get, apiBaseUri, null, cancellationToken).ConfigureAwait(false);
        if (exchange.Failure is { } failure) throw new OutreachApiException(failure);
        return ParseIdentity(exchange.Body);
    }

    /// <summary>Pages through <c>GET /{path}?page[size]=N</c> following links.next. Throws <see cref="OutreachApiException"/> on a failed page.</summary>
    public async IAsyncEnumerable<JsonApiResource> ListAsync(string path, IReadOnlyDictionary<string, string>? query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var parameters = new List<KeyValuePair<string, string>> { new("page[size]", Options.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        if (query is not null) parameters.AddRange(query);
        Uri? next = BuildUri(path, parameters);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (next is not null)
        {
            if (!seen.Add(next.AbsoluteUri))
                throw new OutreachApiException(new OutreachFailure(FailureCategory.Transient, 200, null, $"Outreach returned the same next page link twice ({next.AbsolutePath}); stopping."));
            var exchange = await SendWithRetryAsync(HttpMethod.Get, next, null, cancellationToken).ConfigureAwait(false);
            if (exchange.Failure is { } failure) throw new OutreachApiException(failure);
            var document = Deserialize(exchange.Body, OutreachJsonContext.Default.JsonApiCollectionDocument)
                ?? throw new OutreachApiException(new OutreachFailure(FailureCategory.Transient, exchange.StatusCode, null, "Outreach returned a list page that is not a JSON:API document."));
            foreach (var resource in document.Data) yield return resource;
            next = ResolveNext(document.Links?.Next);
        }
    }

    public IAsyncEnumerable<OutreachUserInfo> ListUsersAsync(CancellationToken cancellationToken) =>
        Map(ListAsync("users", null, cancellationToken), ResourceMapper.ToUser);

    public IAsyncEnumerable<MailboxInfo> ListMailboxesAsync(CancellationToken cancellationToken) =>
        Map(ListAsync("mailboxes", null, cancellationToken), ResourceMapper.ToMailbox);

    public IAsyncEnumerable<OutreachSequence> ListSequencesAsync(CancellationToken cancellationToken) =>
        Map(ListAsync("sequences", null, cancellationToken), ResourceMapper.ToSequence);

    public IAsyncEnumerable<OutreachSequenceStep> ListSequenceStepsAsync(CancellationToken cancellationToken) =>
        Map(ListAsync("sequenceSteps", null, cancellationToken), ResourceMapper.ToSequenceStep);

    public IAsyncEnumerable<OutreachRuleset> ListRulesetsAsync(CancellationToken cancellationToken) =>
        Map(ListAsync("rulesets", null, cancellationToken), ResourceMapper.ToRuleset);

    public async Task<OutreachResult<OutreachProspect>> GetProspectAsync(long prospectId, CancellationToken cancellationToken)
    {
        var exchange = await SendWithRetryAsync(HttpMethod.Get, Resolve($"prospects/{prospectId}"), null, cancellationToken).ConfigureAwait(false);
        return SingleResult(exchange, ResourceMapper.ToProspect);
    }

    /// <summary>GET /sequenceStates?filter[prospect][id]=..&amp;filter[sequence][id]=..</summary>
    public async Task<OutreachResult<IReadOnlyList<OutreachSequenceState>>> FindSequenceStatesAsync(long prospectId, long sequenceId, CancellationToken cancellationToken)
    {
        var exchange = await SendWithRetryAsync(HttpMethod.Get, FindStatesUri(prospectId, sequenceId), null, cancellationToken).ConfigureAwait(false);
        return ParseStates(exchange);
    }

    // ---------------------------------------------------------------- writes

    /// <summary>
    /// POST /sequenceStates. The POST itself is never blindly re-sent: when its outcome is unknown (no
    /// response, timeout, or 5xx other than maintenance) the client first looks up sequenceStates for the
    /// prospect and sequence and treats an active one (or one created since the first attempt) as success.
    /// 429 and maintenance are returned at once with their retry time; other failures are classified.
    /// </summary>
    public async Task<EnrollmentResult> CreateSequenceStateAsync(long prospectId, long sequenceId, long? mailboxId, CancellationToken cancellationToken)
    {
        var body = BuildEnrollmentBody(prospectId, sequenceId, mailboxId);
        var started = time.GetUtcNow();
        var watch = Stopwatch.StartNew();
        var attempts = 0;
        var outcomeUnknown = false;
        EnrollmentResult? recovered = null;

        var exchange = await transientPipeline.ExecuteAsync(async ct =>
        {
            if (outcomeUnknown)
            {
                var lookup = await SendOnceAsync(HttpMethod.Get, FindStatesUri(prospectId, sequenceId), null, ct).ConfigureAwait(false);
                if (!lookup.IsSuccess) return lookup; // still unknown: retry (if attempts remain) starts with another lookup
                var existing = ParseStates(lookup).Value?
                    .Where(s => s.IsActive || (s.CreatedAt is { } created && created >= started - CreatedBySkew))
                    .OrderByDescending(s => s.IsActive).ThenByDescending(s => s.Id)
                    .FirstOrDefault();
                if (existing is not null)
                {
                    recovered = new EnrollmentResult(existing.Id, existing.State, null, lookup.StatusCode, attempts, true, lookup.RateLimit, 0);
                    return lookup;
                }
            }
            attempts++;
            var sent = await SendOnceAsync(HttpMethod.Post, Resolve("sequenceStates"), body, ct).ConfigureAwait(false);
            outcomeUnknown = sent.IsTransient;
            return sent;
        }, cancellationToken).ConfigureAwait(false);

        if (recovered is not null) return recovered with { HttpAttempts = attempts, DurationMs = watch.ElapsedMilliseconds };
        if (exchange.Failure is { } failure)
            return new EnrollmentResult(null, null, failure, exchange.StatusCode, attempts, false, exchange.RateLimit, watch.ElapsedMilliseconds);
        var document = Deserialize(exchange.Body, OutreachJsonContext.Default.JsonApiDocument);
        if (document?.Data is not { Id: not null } created)
            return new EnrollmentResult(null, null,
                new OutreachFailure(FailureCategory.Transient, exchange.StatusCode, null, "Outreach accepted the enrollment but returned no sequenceState id."),
                exchange.StatusCode, attempts, false, exchange.RateLimit, watch.ElapsedMilliseconds);
        var state = ResourceMapper.ToSequenceState(created);
        return new EnrollmentResult(state.Id, state.State, null, exchange.StatusCode, attempts, false, exchange.RateLimit, watch.ElapsedMilliseconds);
    }

    public Task<OutreachResult<OutreachSequenceState>> PauseSequenceStateAsync(long sequenceStateId, CancellationToken cancellationToken) =>
        SequenceStateActionAsync(sequenceStateId, "pause", cancellationToken);

    public Task<OutreachResult<OutreachSequenceState>> ResumeSequenceStateAsync(long sequenceStateId, CancellationToken cancellationToken) =>
        SequenceStateActionAsync(sequenceStateId, "resume", cancellationToken);

    public Task<OutreachResult<OutreachSequenceState>> FinishSequenceStateAsync(long sequenceStateId, CancellationToken cancellationToken) =>
        SequenceStateActionAsync(sequenceStateId, "finish", cancellationToken);

    private async Task<OutreachResult<OutreachSequenceState>> SequenceStateActionAsync(long id, string action, CancellationToken cancellationToken)
    {
        // State transitions are idempotent in effect (pausing a paused state is a 422), so quick retries are safe.
        var exchange = await SendWithRetryAsync(HttpMethod.Post, Resolve($"sequenceStates/{id}/actions/{action}"), null, cancellationToken).ConfigureAwait(false);
        return SingleResult(exchange, ResourceMapper.ToSequenceState);
    }

    // ---------------------------------------------------------------- plumbing

    private ResiliencePipeline<T> BuildRetryPipeline<T>(Func<T, bool> isTransient)
    {
        var builder = new ResiliencePipelineBuilder<T> { TimeProvider = time };
        if (Options.TransientRetryCount > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<T>
            {
                MaxRetryAttempts = Options.TransientRetryCount,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = Options.TransientRetryBaseDelay,
                MaxDelay = TimeSpan.FromSeconds(10),
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } result && isTransient(result)),
            });
        }
        return builder.Build();
    }

    private Task<Exchange> SendWithRetryAsync(HttpMethod method, Uri uri, string? body, CancellationToken cancellationToken) =>
        transientPipeline.ExecuteAsync(ct => new ValueTask<Exchange>(SendOnceAsync(method, uri, body, ct)), cancellationToken).AsTask();

    /// <summary>One logical send: bearer token, and on a 401 one refresh and one re-send.</summary>
    private async Task<Exchange> SendOnceAsync(HttpMethod method, Uri uri, string? body, CancellationToken cancellationToken)
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
        var exchange = await SendHttpAsync(method, uri, body, token, cancellationToken).ConfigureAwait(false);
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
        return await SendHttpAsync(method, uri, body, refreshed, cancellationToken).ConfigureAwait(false);
    }

    private static Exchange AuthorizationFailure(LDOutreachException ex)
    {
        var status = ex is OAuthException oauth ? oauth.StatusCode : 0;
        return new Exchange(status, null, null, new OutreachFailure(ex.Category, status, ex.ErrorId, ex.Message));
    }

    private async Task<Exchange> SendHttpAsync(HttpMethod method, Uri uri, string? body, string accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaType));
        request.Headers.UserAgent.TryParseAdd(Options.UserAgent);
        // Outreach documents that every request carries the JSON:API Content-Type (else 415), GETs and
        // body-less action POSTs included, so those get an empty body with the header.
        request.Content = body is null ? new ByteArrayContent([]) : new StringContent(body, Encoding.UTF8);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(MediaType);

        var started = time.GetUtcNow();
        var watch = Stopwatch.StartNew();
        Interlocked.Increment(ref requestCount);
        using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attemptTimeout.CancelAfter(Options.AttemptTimeout);
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

    private void PublishRateLimit(RateLimitObservation observation)
    {
        if (!observation.HasServerLimits && observation.RetryAfter is null) return;
        Volatile.Write(ref lastRateLimit, observation);
        observer?.OnRateLimit(observation);
        RateLimitObserved?.Invoke(observation);
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

    private OutreachResult<T> SingleResult<T>(Exchange exchange, Func<JsonApiResource, T> map)
    {
        if (exchange.Failure is { } failure) return OutreachResult<T>.Failed(failure, exchange.RateLimit);
        var document = Deserialize(exchange.Body, OutreachJsonContext.Default.JsonApiDocument);
        if (document?.Data is null)
            return OutreachResult<T>.Failed(new OutreachFailure(FailureCategory.Transient, exchange.StatusCode, null, "Outreach returned no resource."), exchange.RateLimit);
        return OutreachResult<T>.Success(map(document.Data), exchange.StatusCode, exchange.RateLimit);
    }

    private static OutreachResult<IReadOnlyList<OutreachSequenceState>> ParseStates(Exchange exchange)
    {
        if (exchange.Failure is { } failure) return OutreachResult<IReadOnlyList<OutreachSequenceState>>.Failed(failure, exchange.RateLimit);
        var document = Deserialize(exchange.Body, OutreachJsonContext.Default.JsonApiCollectionDocument);
        if (document is null)
            return OutreachResult<IReadOnlyList<OutreachSequenceState>>.Failed(
                new OutreachFailure(FailureCategory.Transient, exchange.StatusCode, null, "Outreach returned a list that is not a JSON:API document."), exchange.RateLimit);
        IReadOnlyList<OutreachSequenceState> states = document.Data.Select(ResourceMapper.ToSequenceState).ToList();
        return OutreachResult<IReadOnlyList<OutreachSequenceState>>.Success(states, exchange.StatusCode, exchange.RateLimit);
    }

    private static T? Deserialize<T>(string? body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info) where T : class
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        try
        {
            return JsonSerializer.Deserialize(body, info);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static string BuildEnrollmentBody(long prospectId, long sequenceId, long? mailboxId)
    {
        var relationships = new Dictionary<string, JsonApiRelationship>
        {
            ["prospect"] = JsonApiRelationship.ToOne("prospect", prospectId),
            ["sequence"] = JsonApiRelationship.ToOne("sequence", sequenceId),
        };
        if (mailboxId is { } mailbox) relationships["mailbox"] = JsonApiRelationship.ToOne("mailbox", mailbox);
        var document = new JsonApiWriteDocument { Data = new JsonApiWriteResource { Type = "sequenceState", Relationships = relationships } };
        return JsonSerializer.Serialize(document, OutreachJsonContext.Default.JsonApiWriteDocument);
    }

    private Uri FindStatesUri(long prospectId, long sequenceId) =>
        BuildUri("sequenceStates", [
            new("filter[prospect][id]", prospectId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("filter[sequence][id]", sequenceId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("page[size]", "50"),
        ]);

    private Uri Resolve(string relative) => OutreachEndpoints.Resolve(apiBaseUri, relative);

    private Uri BuildUri(string relative, IEnumerable<KeyValuePair<string, string>> query)
    {
        var builder = new UriBuilder(Resolve(relative))
        {
            Query = string.Join("&", query.Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value))),
        };
        return builder.Uri;
    }

    /// <summary>Follows links.next only on the API's own scheme and host, so the bearer token never leaves for another server.</summary>
    private Uri? ResolveNext(string? next)
    {
        if (string.IsNullOrWhiteSpace(next)) return null;
        var uri = Uri.TryCreate(next, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
            ? absolute
            : new Uri(new Uri(apiBaseUri.GetLeftPart(UriPartial.Authority)), next);
        if (!string.Equals(uri.GetLeftPart(UriPartial.Authority), apiBaseUri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
            throw new OutreachApiException(new OutreachFailure(FailureCategory.GeneralValidationError, 200, null,
                $"Outreach's next page link points to another server ({uri.GetLeftPart(UriPartial.Authority)}); not following it."));
        return uri;
    }

    private static async IAsyncEnumerable<TOut> Map<TOut>(IAsyncEnumerable<JsonApiResource> source, Func<JsonApiResource, TOut> map)
    {
        await foreach (var item in source.ConfigureAwait(false)) yield return map(item);
    }

    private static OutreachIdentity ParseIdentity(string? body)
    {
        long? userId = null;
        string? email = null, name = null, orgName = null, orgGuid = null;
        var scopes = new List<string>();
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                using var json = JsonDocument.Parse(body);
                var root = json.RootElement;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
                        ReadUser(data, ref userId, ref email, ref name);
                    if (root.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object)
                    {
                        if (meta.TryGetProperty("user", out var user) && user.ValueKind == JsonValueKind.Object) ReadUser(user, ref userId, ref email, ref name);
                        if (meta.TryGetProperty("org", out var org) && org.ValueKind == JsonValueKind.Object)
                        {
                            orgName = Str(org, "name") ?? orgName;
                            orgGuid = Str(org, "guid") ?? Str(org, "id") ?? orgGuid;
                        }
                        if (meta.TryGetProperty("scopes", out var s) && s.ValueKind == JsonValueKind.Array)
                            scopes.AddRange(s.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!));
                        else if (Str(meta, "scope") is { } scopeText) scopes.AddRange(OutreachScopes.Parse(scopeText));
                        else if (meta.TryGetProperty("token", out var token) && token.ValueKind == JsonValueKind.Object && Str(token, "scope") is { } tokenScope)
                            scopes.AddRange(OutreachScopes.Parse(tokenScope));
                    }
                }
            }
            catch (JsonException)
            {
                // identity stays empty
            }
        }
        return new OutreachIdentity(userId, email, name, orgName, orgGuid, scopes);

        static void ReadUser(JsonElement element, ref long? id, ref string? mail, ref string? displayName)
        {
            if (element.TryGetProperty("id", out var i) && ((i.ValueKind == JsonValueKind.Number && i.TryGetInt64(out var n)) || (i.ValueKind == JsonValueKind.String && long.TryParse(i.GetString(), out n)))) id ??= n;
            var attributes = element.TryGetProperty("attributes", out var a) && a.ValueKind == JsonValueKind.Object ? a : element;
            mail ??= Str(attributes, "email");
            displayName ??= Str(attributes, "name") ?? Str(attributes, "username");
        }

        static string? Str(JsonElement element, string property) =>
            element.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }
}
