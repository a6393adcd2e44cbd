namespace LeanData.Outreach.Sandbox.Admin;

/// <summary>POST /__sandbox/seed and /__sandbox/reset: a preset, or a generated set.</summary>
public sealed record SeedBody(string? Preset, int? Users, int? Sequences, int? Prospects, int? Seed, double? ErrorRate);

/// <summary>POST /__sandbox/faults. Kind: status | delay | dropBeforeBody | dropAfterBody | rateLimit | failBatch.</summary>
public sealed record FaultBody(string? Route, string? Kind, int? Status, int? DelayMs, int? Count, double? Probability, int? RetryAfterSeconds, int? Seed, int? AfterItems);

/// <summary>POST /__sandbox/tokens: mint a token pair for a user; <c>batchScopes: false</c> leaves batches.* out of the default scopes.</summary>
public sealed record TokenBody(long? UserId, string[]? Scopes, int? TtlSeconds, bool? BatchScopes);

/// <summary>POST /__sandbox/batches: Bulk API items per second and the daily item cap; <c>resetDailyCount</c> starts today's count again.</summary>
public sealed record BatchBody(int? ItemsPerSecond, long? DailyItemCap, bool? ResetDailyCount);

/// <summary>POST /__sandbox/tokens/revoke: one token, a user's tokens, or all; <c>expire</c> makes access tokens expire instead.</summary>
public sealed record RevokeBody(string? Token, long? UserId, bool? All, bool? Expire, int? AfterRequests);

/// <summary>POST /__sandbox/maintenance: a window from startsAt (default now) to endsAt, or for durationSeconds.</summary>
public sealed record MaintenanceBody(DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, int? DurationSeconds);

/// <summary>POST /__sandbox/rate-limit. limit 0 or enabled=false disables limiting.</summary>
public sealed record RateLimitBody(int? Limit, int? WindowSeconds, bool? Enabled);

/// <summary>POST /__sandbox/oauth. grantedScopes [] or null with resetGrantedScopes=true restores "grant what is asked"; batchScopes=false withholds batches.* from authorize and refresh.</summary>
public sealed record OAuthBody(int? AccessTokenTtlSeconds, bool? DenyAuthorize, string[]? GrantedScopes, bool? ResetGrantedScopes, long? AuthorizeUserId, bool? BatchScopes);

/// <summary>POST /__sandbox/users/{id}.</summary>
public sealed record UserPatch(bool? Locked, bool? CanSequence);

/// <summary>POST /__sandbox/mailboxes/{id}.</summary>
public sealed record MailboxPatch(bool? SendDisabled, bool? InvalidSendCredentials);

/// <summary>POST /__sandbox/prospects/{id}.</summary>
public sealed record ProspectPatch(bool? OptedOut, bool? Locked, bool? Deleted, long? MergedIntoId, string? CustomValidationError, string[]? Emails);

/// <summary>POST /__sandbox/sequences/{id}.</summary>
public sealed record SequencePatch(bool? Enabled, string? ShareType, long? RulesetId, long? OwnerId);

/// <summary>POST /__sandbox/rulesets/{id}.</summary>
public sealed record RulesetPatch(string? PermitDuplicateProspects, string? SequenceExclusivity, string? EmailOptOutAction);
