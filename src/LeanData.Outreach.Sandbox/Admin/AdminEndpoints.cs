using LeanData.Outreach.Sandbox.Faults;
using LeanData.Outreach.Sandbox.Hosting;
using LeanData.Outreach.Sandbox.Model;
using LeanData.Outreach.Sandbox.OAuth;
using LeanData.Outreach.Sandbox.Seeding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LeanData.Outreach.Sandbox.Admin;

/// <summary>The admin API under /__sandbox (plain JSON, no auth). README.md documents each endpoint.</summary>
public static class AdminEndpoints
{
    public static void Map(WebApplication app, SandboxRuntime rt)
    {
        var g = app.MapGroup("/__sandbox");

        g.MapGet("/", () => Summary(rt));

        g.MapPost("/reset", (SeedBody? body) =>
        {
            rt.Reset(body is null || (body.Preset is null && body.Prospects is null) ? null : ToSeed(body));
            return Summary(rt);
        });

        g.MapPost("/seed", (SeedBody body) =>
        {
            SeedRequest seed;
            try { seed = ToSeed(body); }
            catch (ArgumentException e) { return Results.BadRequest(new { error = e.Message }); }
            lock (rt.Data.Sync)
            {
                try { Seeder.Apply(rt.Data, seed); }
                catch (ArgumentException e) { return Results.BadRequest(new { error = e.Message }); }
            }
            return Results.Ok(Summary(rt));
        });

        g.MapGet("/faults", () => rt.Faults.Rules);
        g.MapPost("/faults", (FaultBody body) =>
        {
            if (!Enum.TryParse<FaultKind>(body.Kind ?? "status", ignoreCase: true, out var kind))
                return Results.BadRequest(new { error = $"Unknown fault kind '{body.Kind}'. Use status, delay, dropBeforeBody, dropAfterBody, rateLimit or failBatch." });
            if (body.Seed is int s) rt.Faults.Reseed(s);
            var rule = rt.Faults.Add(new FaultRule
            {
                Route = body.Route ?? "*",
                Kind = kind,
                Status = body.Status ?? 500,
                DelayMs = body.DelayMs ?? (kind == FaultKind.Delay ? 1000 : 0),
                Count = body.Count,
                Probability = body.Probability ?? 1.0,
                RetryAfterSeconds = body.RetryAfterSeconds ?? 2,
                AfterItems = body.AfterItems ?? 0,
            });
            return Results.Ok(rule);
        });
        g.MapDelete("/faults", () => { rt.Faults.Clear(); return Results.NoContent(); });
        g.MapDelete("/faults/{id:long}", (long id) => rt.Faults.Remove(id) ? Results.NoContent() : Results.NotFound());

        g.MapPost("/tokens", (TokenBody body) =>
        {
            var userId = body.UserId ?? 1;
            lock (rt.Data.Sync)
            {
                if (!rt.Data.Users.ContainsKey(userId)) return Results.BadRequest(new { error = $"No user {userId}." });
            }
            var scopes = body.Scopes ?? (body.BatchScopes == false ? OAuthSettings.AllScopes.Where(s => !OAuthSettings.IsBatchScope(s)).ToArray() : null);
            var issue = rt.MintToken(userId, scopes, body.TtlSeconds is int t ? TimeSpan.FromSeconds(t) : null);
            return Results.Bytes(OAuthEndpoints.TokenResponse(issue).Body!, "application/json");
        });
        g.MapPost("/tokens/revoke", (RevokeBody body) =>
        {
            int n;
            if (body.AfterRequests is int after)
            {
                if (after < 0 || body.All != true) return Results.BadRequest(new { error = "afterRequests takes a count of 0 or more, with all=true." });
                rt.RevokeAllAfter(after);
                return Results.Ok(new { revokeAfterRequests = after });
            }
            if (body.Expire == true) n = rt.Tokens.ExpireAccessTokens(body.All == true ? null : body.UserId);
            else if (body.Token is { Length: > 0 } token) n = rt.Tokens.Revoke(token) ? 1 : 0;
            else if (body.All == true) n = rt.Tokens.RevokeAll(null);
            else if (body.UserId is long u) n = rt.Tokens.RevokeAll(u);
            else return Results.BadRequest(new { error = "Give token, userId or all=true." });
            return Results.Ok(new { revoked = n });
        });

        g.MapGet("/maintenance", () => Results.Ok(rt.Maintenance));
        g.MapPost("/maintenance", (MaintenanceBody body) =>
        {
            var start = body.StartsAt ?? rt.Time.GetUtcNow();
            var end = body.EndsAt ?? start.AddSeconds(body.DurationSeconds ?? 60);
            rt.Maintenance = new MaintenanceWindow(start, end);
            return Results.Ok(rt.Maintenance);
        });
        g.MapDelete("/maintenance", () => { rt.Maintenance = null; return Results.NoContent(); });

        g.MapGet("/rate-limit", () => RateLimitView(rt));
        g.MapPost("/rate-limit", (RateLimitBody body) =>
        {
            var current = rt.RateLimiter.Settings;
            var limit = body.Enabled == false ? 0 : body.Limit ?? (current.Limit == 0 ? RateLimitSettings.Default.Limit : current.Limit);
            var window = body.WindowSeconds is int w && w > 0 ? TimeSpan.FromSeconds(w) : current.Window;
            rt.RateLimiter.Configure(new RateLimitSettings(limit, window));
            return RateLimitView(rt);
        });

        g.MapGet("/oauth", () => OAuthView(rt));
        g.MapPost("/oauth", (OAuthBody body) =>
        {
            var s = rt.OAuthSettings.Clone();
            if (body.AccessTokenTtlSeconds is int ttl) s.AccessTokenTtl = TimeSpan.FromSeconds(ttl);
            if (body.DenyAuthorize is bool deny) s.DenyAuthorize = deny;
            if (body.GrantedScopes is { } scopes) s.GrantedScopes = scopes;
            if (body.ResetGrantedScopes == true) s.GrantedScopes = null;
            if (body.AuthorizeUserId is long u) s.AuthorizeUserId = u;
            if (body.BatchScopes is bool batches) s.GrantBatchScopes = batches;
            rt.OAuthSettings = s;
            return OAuthView(rt);
        });

        g.MapGet("/batches", () => BatchView(rt));
        g.MapPost("/batches", (BatchBody body) =>
        {
            if (body.ItemsPerSecond is < 1) return Results.BadRequest(new { error = "itemsPerSecond must be at least 1." });
            if (body.DailyItemCap is < 0) return Results.BadRequest(new { error = "dailyItemCap must not be negative." });
            var current = rt.BatchSettings;
            rt.BatchSettings = new BatchSettings(body.ItemsPerSecond ?? current.ItemsPerSecond, body.DailyItemCap ?? current.DailyItemCap);
            if (body.ResetDailyCount == true) rt.Batches.ResetDailyCap();
            return Results.Ok(BatchView(rt));
        });

        g.MapGet("/counters", () => CountersView(rt));
        g.MapGet("/requests", () => rt.Counters.RequestTimes());
        g.MapDelete("/counters", () => { rt.Counters.Reset(); return Results.NoContent(); });

        g.MapPost("/users/{id:long}", (long id, UserPatch p) => Patch(rt, d => d.Users.GetValueOrDefault(id), u =>
        {
            if (p.Locked is bool l) u.Locked = l;
            if (p.CanSequence is bool c) u.CanSequence = c;
        }));
        g.MapPost("/mailboxes/{id:long}", (long id, MailboxPatch p) => Patch(rt, d => d.Mailboxes.GetValueOrDefault(id), m =>
        {
            if (p.SendDisabled is bool s) m.SendDisabled = s;
            if (p.InvalidSendCredentials is bool c) m.InvalidSendCredentials = c;
        }));
        g.MapPost("/prospects/{id:long}", (long id, ProspectPatch p) => Patch(rt, d => d.Prospects.GetValueOrDefault(id), x =>
        {
            if (p.OptedOut is bool o) x.OptedOut = o;
            if (p.Locked is bool l) x.Locked = l;
            if (p.Deleted is bool del) x.Deleted = del;
            if (p.MergedIntoId is long m) x.MergedIntoId = m == 0 ? null : m;
            if (p.CustomValidationError is { } c) x.CustomValidationError = c.Length == 0 ? null : c;
            if (p.Emails is { } e) x.Emails = e.ToList();
        }));
        g.MapPost("/sequences/{id:long}", (long id, SequencePatch p) => Patch(rt, d => d.Sequences.GetValueOrDefault(id), s =>
        {
            if (p.Enabled is bool en) s.Enabled = en;
            if (p.ShareType is { } st) s.ShareType = st;
            if (p.RulesetId is long r) s.RulesetId = r;
            if (p.OwnerId is long o) s.OwnerId = o;
        }));
        g.MapPost("/rulesets/{id:long}", (long id, RulesetPatch p) => Patch(rt, d => d.Rulesets.GetValueOrDefault(id), r =>
        {
            if (p.PermitDuplicateProspects is { } dup) r.PermitDuplicateProspects = dup;
            if (p.SequenceExclusivity is { } ex) r.SequenceExclusivity = ex;
            if (p.EmailOptOutAction is { } opt) r.EmailOptOutAction = opt;
        }));
    }

    private static IResult Patch<T>(SandboxRuntime rt, Func<SandboxData, T?> find, Action<T> apply) where T : class
    {
        lock (rt.Data.Sync)
        {
            var item = find(rt.Data);
            if (item is null) return Results.NotFound();
            apply(item);
            return Results.Ok(item);
        }
    }

    private static SeedRequest ToSeed(SeedBody body)
    {
        if (body.Preset is { } preset)
        {
            if (preset is not ("demo" or "empty")) throw new ArgumentException($"Unknown preset '{preset}'. Use demo or empty, or give prospects/users/sequences.");
            return new SeedRequest { Preset = preset };
        }
        var prospects = body.Prospects ?? 100;
        return new SeedRequest
        {
            Prospects = prospects,
            Users = body.Users ?? Math.Max(5, prospects / 10),
            Sequences = body.Sequences ?? Math.Max(5, Math.Min(200, prospects / 10)),
            RandomSeed = body.Seed ?? 1,
            ErrorRate = body.ErrorRate ?? 0.3,
        };
    }

    private static object Summary(SandboxRuntime rt)
    {
        lock (rt.Data.Sync)
        {
            var d = rt.Data;
            return new
            {
                org = d.OrgName,
                users = d.Users.Count,
                mailboxes = d.Mailboxes.Count,
                rulesets = d.Rulesets.Count,
                sequences = d.Sequences.Count,
                sequenceSteps = d.SequenceSteps.Count,
                prospects = d.Prospects.Count,
                sequenceStates = d.SequenceStates.Count,
            };
        }
    }

    private static object RateLimitView(SandboxRuntime rt)
    {
        var s = rt.RateLimiter.Settings;
        return new { enabled = s.Enabled, limit = s.Limit, windowSeconds = (int)s.Window.TotalSeconds };
    }

    private static object BatchView(SandboxRuntime rt)
    {
        var s = rt.BatchSettings;
        return new { itemsPerSecond = s.ItemsPerSecond, dailyItemCap = s.DailyItemCap, itemsUsedToday = rt.Batches.ItemsUsedToday, maxIdsPerRequest = BatchSettings.MaxIdsPerRequest };
    }

    private static object OAuthView(SandboxRuntime rt)
    {
        var s = rt.OAuthSettings;
        return new
        {
            clientId = s.ClientId,
            accessTokenTtlSeconds = (int)s.AccessTokenTtl.TotalSeconds,
            denyAuthorize = s.DenyAuthorize,
            grantedScopes = s.GrantedScopes,
            authorizeUserId = s.AuthorizeUserId,
            batchScopes = s.GrantBatchScopes,
        };
    }

    private static object CountersView(SandboxRuntime rt) => new
    {
        requests = rt.Counters.RequestCounts(),
        sequenceStatePosts = rt.Counters.SequenceStatePosts,
        sequenceStatesCreated = rt.Counters.SequenceStatesCreated,
        duplicates = rt.Counters.Duplicates,
        batchPosts = rt.Counters.BatchPosts,
        batchPolls = rt.Counters.BatchPolls,
        batchActions = rt.Counters.BatchActions,
        batchItemsAccepted = rt.Counters.BatchItemsAccepted,
        batchItemsProcessed = rt.Counters.BatchItemsProcessed,
        enrollments = rt.Counters.EnrollmentCounts(),
    };
}
