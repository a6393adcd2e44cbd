using System.Globalization;
using System.Text.Json;
using LeanData.Outreach.Sandbox.Api;
using LeanData.Outreach.Sandbox.Faults;
using LeanData.Outreach.Sandbox.Model;
using LeanData.Outreach.Sandbox.OAuth;
using Microsoft.AspNetCore.Http;

namespace LeanData.Outreach.Sandbox.Hosting;

/// <summary>
/// Serves /api/v2/** and /oauth/**. Order for the API: count → authenticate (401) → rate limit (429 + headers)
/// → maintenance (503) → injected fault → Content-Type (415; strict: on every request, lenient: on a body) → scope
/// (403) → handler. Every API answer carries the X-RateLimit headers (a 401 the token's user's budget uncounted).
/// A response is computed in full before it is written, so a drop-after-body fault applies the effect and then
/// aborts the connection.
/// </summary>
public sealed class SandboxPipeline
{
    private readonly SandboxRuntime _rt;
    private sealed record BaseCache(string Host, string Base);
    private BaseCache? _baseCache;

    public SandboxPipeline(SandboxRuntime runtime)
    {
        _rt = runtime;
    }

    /// <summary>The API base URL as the client addressed it (links are built from it).</summary>
    private string ApiBase(HttpContext ctx)
    {
        var host = ctx.Request.Host.Value ?? "127.0.0.1";
        var cache = _baseCache;
        if (cache is not null && cache.Host == host) return cache.Base;
        var built = $"{ctx.Request.Scheme}://{host}/api/v2";
        _baseCache = new BaseCache(host, built);
        return built;
    }

    public static bool Handles(PathString path) =>
        path.StartsWithSegments("/api/v2") || path.StartsWithSegments("/oauth");

    public async Task InvokeAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path;
        var isApi = path.StartsWithSegments("/api/v2", out var rest);
        var route = isApi ? ApiRoute(ctx.Request.Method, rest.Value ?? "") : ctx.Request.Method + " " + path.Value;
        var counted = new Counted { ArrivedAt = _rt.Time.GetUtcNow() };
        _rt.Counters.CountArrival(route);
        try
        {
            if (isApi) await ApiAsync(ctx, route, rest.Value ?? "", counted);
            else await OAuthAsync(ctx, route, counted);
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException
            || (e is OperationCanceledException && ctx.RequestAborted.IsCancellationRequested))
        {
            if (!counted.Done) _rt.Counters.CountRequest(route, 0, counted.ArrivedAt);
        }
    }

    /// <summary>Whether this request was counted already (counting happens before the client can see the outcome).</summary>
    private sealed class Counted
    {
        public bool Done;
        public DateTimeOffset ArrivedAt;
    }

    private void Count(Counted counted, string route, int status)
    {
        counted.Done = true;
        _rt.Counters.CountRequest(route, status, counted.ArrivedAt);
    }

    private void Drop(HttpContext ctx, Counted counted, string route)
    {
        Count(counted, route, 0);
        ctx.Abort();
    }

    /// <summary>The route key used by counters and faults, e.g. "POST /sequenceStates/{id}/actions/pause".</summary>
    public static string ApiRoute(string method, string rest)
    {
        var trimmed = rest.Trim('/');
        if (trimmed.Length == 0) return method + " /";
        var parts = trimmed.Split('/');
        return parts.Length switch
        {
            1 => $"{method} /{parts[0]}",
            2 => $"{method} /{parts[0]}/{{id}}",
            4 when parts[2] == "actions" => $"{method} /{parts[0]}/{{id}}/actions/{parts[3]}",
            _ => $"{method} /{trimmed}",
        };
    }

    private async Task OAuthAsync(HttpContext ctx, string route, Counted counted)
    {
        var fault = _rt.Faults.Next(route);
        var dropAfter = false;
        if (fault is not null)
        {
            if (await ApplyFaultAsync(ctx, fault, null, route, counted)) return;
            dropAfter = fault.Kind == FaultKind.DropAfterBody;
        }
        ApiResult result = route switch
        {
            "GET /oauth/authorize" => _rt.OAuth.Authorize(ctx.Request),
            "POST /oauth/token" => await _rt.OAuth.TokenAsync(ctx.Request, ctx.RequestAborted),
            _ => ApiErrors.UnknownRoute(ctx.Request.Path.Value ?? ""),
        };
        if (dropAfter)
        {
            Drop(ctx, counted, route);
            return;
        }
        await WriteAsync(ctx, result, null, route, counted);
    }

    /// <summary>Applies a fault; true when the request is finished by it.</summary>
    private async Task<bool> ApplyFaultAsync(HttpContext ctx, FaultRule fault, RateLimitDecision? limit, string route, Counted counted)
    {
        switch (fault.Kind)
        {
            case FaultKind.Delay:
                await Task.Delay(fault.DelayMs, ctx.RequestAborted);
                return false;
            case FaultKind.DropBeforeBody:
                if (fault.DelayMs > 0) await Task.Delay(fault.DelayMs, ctx.RequestAborted);
                Drop(ctx, counted, route);
                return true;
            case FaultKind.Status:
            {
                if (fault.DelayMs > 0) await Task.Delay(fault.DelayMs, ctx.RequestAborted);
                await WriteAsync(ctx, ApiErrors.ServerFault(fault.Status), limit, route, counted);
                return true;
            }
            case FaultKind.RateLimit:
            {
                // Like a burst limit: Retry-After says when to try again, while X-RateLimit-Reset still names the
                // end of the user's (hourly) window, which may be much later.
                var retryAt = _rt.Time.GetUtcNow().AddSeconds(fault.RetryAfterSeconds);
                var lim = limit?.Limit ?? _rt.RateLimiter.Settings.Limit;
                var windowReset = limit is { } l && l.Reset > retryAt ? l.Reset : retryAt;
                var r = ApiErrors.RateLimited(lim, retryAt).WithHeader("Retry-After", fault.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture));
                await WriteAsync(ctx, r, new RateLimitDecision(false, lim, 0, windowReset), route, counted);
                return true;
            }
            default:
                return false;
        }
    }

    private async Task ApiAsync(HttpContext ctx, string route, string rest, Counted counted)
    {
        // 1. Authentication.
        var auth = ctx.Request.Headers.Authorization.ToString();
        TokenLookup lookup = auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? _rt.Tokens.Lookup(auth[7..].Trim())
            : new TokenLookup(TokenStatus.Invalid, null);
        if (lookup.Status != TokenStatus.Valid)
        {
            var r = lookup.Status == TokenStatus.Expired ? ApiErrors.ExpiredToken() : ApiErrors.InvalidToken();
            await WriteAsync(ctx, r, _rt.RateLimiter.Peek(lookup.Grant?.UserId ?? UnknownUser), route, counted);
            return;
        }
        var grant = lookup.Grant!;

        // 2. Rate limit per user.
        var limit = _rt.RateLimiter.Acquire(grant.UserId);
        if (!limit.Allowed)
        {
            var wait = Math.Max(1, (int)Math.Ceiling((limit.Reset - _rt.Time.GetUtcNow()).TotalSeconds));
            var r = ApiErrors.RateLimited(limit.Limit, limit.Reset).WithHeader("Retry-After", wait.ToString(CultureInfo.InvariantCulture));
            await WriteAsync(ctx, r, limit, route, counted);
            return;
        }

        // 3. Maintenance window.
        if (_rt.Maintenance is { } window && window.Covers(_rt.Time.GetUtcNow()))
        {
            var r = ApiErrors.Maintenance(window.EndsAt)
                .WithHeader("Retry-After", window.EndsAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            await WriteAsync(ctx, r, limit, route, counted);
            return;
        }

        // 4. Injected faults.
        var dropAfter = false;
        int? failBatchAfter = null;
        var fault = _rt.Faults.Next(route);
        if (fault is not null)
        {
            if (await ApplyFaultAsync(ctx, fault, limit, route, counted)) return;
            dropAfter = fault.Kind == FaultKind.DropAfterBody;
            if (fault.Kind == FaultKind.FailBatch) failBatchAfter = fault.AfterItems;
        }

        // 5. Content-Type: strict on every request (Outreach documents it), lenient on a body only.
        var hasBody = ctx.Request.ContentLength > 0 || (ctx.Request.ContentLength is null && ctx.Request.Headers.TransferEncoding.Count > 0);
        if ((hasBody || !_rt.Options.Lenient) && !IsJsonApi(ctx.Request.ContentType))
        {
            var r = ApiErrors.UnsupportedMediaType();
            await WriteAsync(ctx, r, limit, route, counted);
            return;
        }

        // 6. Dispatch (scope checks inside).
        var result = await DispatchAsync(ctx, rest, grant, ApiBase(ctx), failBatchAfter);
        if (dropAfter)
        {
            Drop(ctx, counted, route);
            return;
        }
        await WriteAsync(ctx, result, limit, route, counted);
    }

    /// <summary>The budget a 401 with an unknown token reports (no user is known).</summary>
    private const long UnknownUser = -1;

    private static bool IsJsonApi(string? contentType)
    {
        if (contentType is null) return false;
        var semi = contentType.IndexOf(';');
        var media = (semi >= 0 ? contentType[..semi] : contentType).Trim();
        return string.Equals(media, ApiResult.JsonApi, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<ApiResult> DispatchAsync(HttpContext ctx, string rest, TokenGrant grant, string apiBase, int? failBatchAfter)
    {
        var method = ctx.Request.Method;
        var parts = rest.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return method == "GET" ? Root(grant, apiBase) : ApiErrors.UnknownRoute("/api/v2" + rest);
        }
        if (!Collections.ByPlural.TryGetValue(parts[0], out var collection)) return ApiErrors.UnknownRoute("/api/v2" + rest);
        var plural = parts[0];
        if (plural == "batches" && parts is [_, "actions", var bulkAction] && method == "POST")
        {
            if (bulkAction != "prospectsAddToSequence")
                return ApiErrors.Error(405, "methodNotAllowed", "Method Not Allowed", $"The sandbox does not serve the bulk action '{bulkAction}'.");
            _rt.Counters.CountBatchPost();
            // The Bulk API needs batches.write and the write scope of the resource acted on (reference notes §2.3).
            if ((Scope(grant, OAuthSettings.BatchesResource, "write") ?? Scope(grant, "prospects", "write")) is { } denied) return denied;
            var (doc, bad) = await ReadJsonAsync(ctx);
            if (bad is not null) return bad;
            using (doc) return _rt.Batches.Create(doc!.RootElement, ctx.Request.Query, grant.UserId, apiBase, failBatchAfter);
        }
        if (method == "GET" && collection.Scope == OAuthSettings.BatchesResource) _rt.Counters.CountBatchPoll();
        long id = 0;
        if (parts.Length >= 2 && !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out id))
            return ApiErrors.Error(404, "resourceNotFound", "Resource Not Found", $"Could not find '{collection.Type}' with ID '{parts[1]}'.");

        switch (parts.Length, method)
        {
            case (1, "GET"):
                return Scope(grant, collection.Scope, "read") ?? collection.List(_rt.Data, ctx.Request.Query, apiBase);
            case (2, "GET"):
                return Scope(grant, collection.Scope, "read") ?? collection.Get(_rt.Data, id, apiBase);
            case (1, "POST") when plural == "sequenceStates":
            {
                _rt.Counters.CountSequenceStatePost();
                if (Scope(grant, plural, "write") is { } denied) return denied;
                var (doc, bad) = await ReadJsonAsync(ctx);
                if (bad is not null) return bad;
                using (doc) return _rt.SequenceStates.Create(doc!.RootElement, grant.UserId, apiBase);
            }
            case (4, "POST") when plural == "batches" && parts[2] == "actions" && parts[3] is "confirm" or "cancel":
                _rt.Counters.CountBatchAction();
                return Scope(grant, OAuthSettings.BatchesResource, "write")
                    ?? (parts[3] == "confirm" ? _rt.Batches.Confirm(id, ctx.Request.Query, apiBase) : _rt.Batches.Cancel(id, apiBase));
            case (2, "DELETE") when plural == "sequenceStates":
                return Scope(grant, plural, "delete") ?? _rt.SequenceStates.Delete(id, grant.UserId);
            case (4, "POST") when plural == "sequenceStates" && parts[2] == "actions" && parts[3] is "pause" or "resume" or "finish":
                return Scope(grant, plural, "write") ?? _rt.SequenceStates.Act(id, parts[3], grant.UserId, apiBase);
            default:
                return ApiErrors.Error(405, "methodNotAllowed", "Method Not Allowed", $"The sandbox does not serve {method} /api/v2{rest}.");
        }
    }

    private static async Task<(JsonDocument? Doc, ApiResult? Error)> ReadJsonAsync(HttpContext ctx)
    {
        try
        {
            return (await JsonDocument.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted), null);
        }
        catch (JsonException)
        {
            return (null, ApiErrors.BadRequest("The request body is not valid JSON."));
        }
    }

    private static ApiResult? Scope(TokenGrant grant, string plural, string level) =>
        grant.Allows(plural, level) ? null : ApiErrors.MissingScope($"{plural}.{level}");

    private ApiResult Root(TokenGrant grant, string apiBase)
    {
        SandboxUser? user;
        string orgName, orgGuid;
        lock (_rt.Data.Sync)
        {
            user = _rt.Data.Users.GetValueOrDefault(grant.UserId);
            orgName = _rt.Data.OrgName;
            orgGuid = _rt.Data.OrgGuid;
        }
        return ApiResult.Json(200, JsonBuffer.Write((grant, user, orgName, orgGuid, apiBase), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteStartObject("links");
            w.WriteString("self", s.apiBase);
            w.WriteEndObject();
            w.WriteStartObject("meta");
            w.WriteStartObject("org");
            w.WriteString("guid", s.orgGuid);
            w.WriteString("name", s.orgName);
            w.WriteEndObject();
            w.WriteStartObject("user");
            w.WriteNumber("id", s.grant.UserId);
            if (s.user is not null)
            {
                w.WriteString("email", s.user.Email);
                w.WriteString("name", s.user.Name);
            }
            w.WriteEndObject();
            w.WriteStartObject("token");
            w.WriteString("scope", string.Join(' ', s.grant.Scopes));
            w.WriteString("expiresAt", SandboxClock.Iso(s.grant.ExpiresAt));
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }));
    }

    private Task WriteAsync(HttpContext ctx, ApiResult result, RateLimitDecision? limit, string route, Counted counted)
    {
        Count(counted, route, result.Status);
        var response = ctx.Response;
        response.StatusCode = result.Status;
        var headers = response.Headers;
        if (limit is { } l)
        {
            headers["X-RateLimit-Limit"] = l.Limit.ToString(CultureInfo.InvariantCulture);
            headers["X-RateLimit-Remaining"] = l.Remaining.ToString(CultureInfo.InvariantCulture);
            headers["X-RateLimit-Reset"] = l.Reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        }
        if (result.Headers is { } extra)
        {
            foreach (var (k, v) in extra) headers[k] = v;
        }
        if (result.Body is null)
        {
            response.ContentLength = 0;
            return Task.CompletedTask;
        }
        response.ContentType = result.ContentType;
        response.ContentLength = result.Body.Length;
        return response.Body.WriteAsync(result.Body, 0, result.Body.Length, ctx.RequestAborted);
    }
}
