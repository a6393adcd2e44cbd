using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using LeanData.Outreach.Catalog;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outreach.JsonApi;
using LeanData.Outreach.Outreach.Model;
using LeanData.Outreach.Outreach.OAuth;
using LeanData.Outreach.Outreach.Transport;

namespace LeanData.Outreach.Outreach.Client;

/// <summary>
/// Outreach REST API v2, typed, over the one <see cref="OutreachTransport"/> (admission, bearer token with one
/// refresh on a 401, timeout, Polly's quick retries, rate-limit observation): list paging, identity, prospects,
/// sequenceStates and their actions, and duplicate-safe enrollment. Thread-safe.
/// </summary>
public sealed partial class OutreachClient
{
    public const string MediaType = OutreachTransport.MediaType;

    /// <summary>How far a sequenceState's createdAt may lie before our own clock's start of the send and still be ours.</summary>
    internal static readonly TimeSpan CreatedBySkew = TimeSpan.FromMinutes(5);

    private readonly OutreachTransport transport;
    private readonly TimeProvider time;
    private readonly Uri apiBaseUri;

    /// <param name="admission">
    /// Whose budget the requests use: the session passes the shared one for its (API, Outreach user); null gives this
    /// client its own, with the default budget.
    /// </param>
    public OutreachClient(HttpClient http, TokenManager tokens, OutreachClientOptions? options = null, IOutreachObserver? observer = null,
        TimeProvider? time = null, RequestAdmission? admission = null)
    {
        this.time = time ?? TimeProvider.System;
        Options = (options ?? new OutreachClientOptions()).Clone();
        if (Options.PageSize is < 1 or > 1000)
            throw new ArgumentOutOfRangeException(nameof(options), Options.PageSize, "PageSize must be between 1 and 1000.");
        if (Options.MaxAdmissionWait < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), Options.MaxAdmissionWait, "MaxAdmissionWait must not be negative.");
        apiBaseUri = OutreachEndpoints.ValidateApiBaseUri(Options.ApiBaseUri);
        transport = new OutreachTransport(http, tokens, Options, admission ?? new RequestAdmission(Configuration.RateLimitSettings.Default, this.time), observer, this.time);
    }

    public OutreachClientOptions Options { get; }

    /// <summary>The admission every request of this client passes (shared per API and Outreach user when the session came from a store).</summary>
    public RequestAdmission Admission => transport.Admission;

    /// <summary>The latest rate-limit observation from any response.</summary>
    public RateLimitObservation? LastRateLimit => transport.LastRateLimit;

    /// <summary>Whether the current token's granted scopes cover <paramref name="scope"/> (true when the token does not list its scopes).</summary>
    public bool IsGranted(string scope) => transport.IsGranted(scope);

    // ---------------------------------------------------------------- reads

    /// <summary>GET /api/v2: the token's user and org; throws <see cref="OutreachApiException"/> on failure.</summary>
    public async Task<OutreachIdentity> GetIdentityAsync(CancellationToken cancellationToken)
    {
        var exchange = await transport.SendAsync(HttpMethod.Get, apiBaseUri, null, cancellationToken).ConfigureAwait(false);
        if (exchange.Failure is { } failure) throw new OutreachApiException(failure);
        return ParseIdentity(exchange.Body);
    }

    /// <summary>Pages through <c>GET /{path}?page[size]=N</c> following links.next. Throws <see cref="OutreachApiException"/> on a failed page.</summary>
    public IAsyncEnumerable<JsonApiResource> ListAsync(string path, IReadOnlyDictionary<string, string>? query, CancellationToken cancellationToken) =>
        ListAsync(path, query, Options.PageSize, cancellationToken);

    private async IAsyncEnumerable<JsonApiResource> ListAsync(string path, IReadOnlyDictionary<string, string>? query, int pageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var parameters = new List<KeyValuePair<string, string>> { new("page[size]", pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        if (query is not null) parameters.AddRange(query);
        Uri? next = BuildUri(path, parameters);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (next is not null)
        {
            if (!seen.Add(next.AbsoluteUri))
                throw new OutreachApiException(new OutreachFailure(FailureCategory.Transient, 200, null, $"Outreach returned the same next page link twice ({next.AbsolutePath}); stopping."));
            var exchange = await transport.SendAsync(HttpMethod.Get, next, null, cancellationToken).ConfigureAwait(false);
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
        var exchange = await transport.SendAsync(HttpMethod.Get, Resolve($"prospects/{prospectId}"), null, cancellationToken).ConfigureAwait(false);
        return SingleResult(exchange, ResourceMapper.ToProspect);
    }

    /// <summary>GET /sequenceStates?filter[prospect][id]=..&amp;filter[sequence][id]=..</summary>
    public async Task<OutreachResult<IReadOnlyList<OutreachSequenceState>>> FindSequenceStatesAsync(long prospectId, long sequenceId, CancellationToken cancellationToken)
    {
        var exchange = await transport.SendAsync(HttpMethod.Get, FindStatesUri(prospectId, sequenceId), null, cancellationToken).ConfigureAwait(false);
        return ParseStates(exchange);
    }

    // ---------------------------------------------------------------- writes

    /// <summary>
    /// POST /sequenceStates, never enrolling twice. Outreach has no idempotency keys, so when a POST's outcome is
    /// unknown (no response, timeout, or 5xx other than maintenance) the next try first looks up the prospect's
    /// sequenceStates in the sequence and takes an active one, or one created since the send began, as the result.
    /// Give <paramref name="earlierAttemptAt"/> when an earlier call's outcome is unknown (the retry worker's case):
    /// then the lookup comes first. 429, maintenance and a request admission held back are returned at once.
    /// </summary>
    public async Task<EnrollmentResult> CreateSequenceStateAsync(long prospectId, long sequenceId, long? mailboxId, CancellationToken cancellationToken,
        DateTimeOffset? earlierAttemptAt = null)
    {
        var body = BuildEnrollmentBody(prospectId, sequenceId, mailboxId);
        var started = earlierAttemptAt ?? time.GetUtcNow();
        var watch = Stopwatch.StartNew();
        var attempts = 0;
        var outcomeUnknown = earlierAttemptAt is not null;
        EnrollmentResult? recovered = null;

        var exchange = await transport.RetryPipeline.ExecuteAsync(async ct =>
        {
            if (outcomeUnknown)
            {
                var lookup = await transport.SendOnceAsync(HttpMethod.Get, FindStatesUri(prospectId, sequenceId), null, ct).ConfigureAwait(false);
                if (!lookup.IsSuccess) return lookup; // still unknown: a retry (if attempts remain) starts with another lookup; never a blind POST
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
            var sent = await transport.SendOnceAsync(HttpMethod.Post, Resolve("sequenceStates"), body, ct).ConfigureAwait(false);
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
        var exchange = await transport.SendAsync(HttpMethod.Post, Resolve($"sequenceStates/{id}/actions/{action}"), null, cancellationToken).ConfigureAwait(false);
        return SingleResult(exchange, ResourceMapper.ToSequenceState);
    }

    // ---------------------------------------------------------------- plumbing

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
