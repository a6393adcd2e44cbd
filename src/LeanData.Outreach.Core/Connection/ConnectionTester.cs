using System.Globalization;
using LeanData.Outreach.Configuration;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outreach.OAuth;
using LeanData.Outreach.Store;
using LeanData.Outreach.Outreach.Client;

namespace LeanData.Outreach.Connection;

/// <summary>
/// The checks behind Test-LDOutreachConnection: stored authorization, access token, refresh token, each
/// required scope, what the API can show of the authorizing user's permissions (the reference document's
/// list for "Unauthorized Request"), the field mapping and rate-limit headroom. Each check is independent:
/// a failure is reported, not thrown. Nothing in Outreach changes (the enrollment probe names ids that
/// cannot exist).
/// </summary>
public static class ConnectionTester
{
    public const string StoredCheck = "Authorization stored";
    public const string AccessTokenCheck = "Access token valid";
    public const string RefreshTokenCheck = "Refresh token works";
    public const string ScopeCheckPrefix = "Scope ";
    public const string UserActiveCheck = "Authorizing user not locked";
    public const string ProspectVisibilityCheck = "Permission: record visibility for Prospects";
    public const string SequencingCheck = "Permission: add Prospects to Sequences";
    public const string MailboxVisibilityCheck = "Permission: Mailboxes of all users";
    public const string PluginsCheck = "Permission: Administration, Permit Plugins";
    public const string FieldMappingCheck = "Field mapping set";
    public const string RateLimitCheck = "Rate-limit headroom";

    /// <summary>Outreach refuses to mint tokens for the same user more than once a minute.</summary>
    private static readonly TimeSpan MintInterval = TimeSpan.FromSeconds(60);

    public static async Task<IReadOnlyList<ConnectionCheck>> RunAsync(LDStore store, OutreachSessionOptions? options, CancellationToken cancellationToken)
    {
        var checks = new List<ConnectionCheck>();
        var reconnect = TokenRefreshFailedException.RecommendedActionText;
        var probeOptions = options ?? new OutreachSessionOptions();
        var clientOptions = probeOptions.Client.Clone();
        clientOptions.PageSize = 1; // every list here is a one-item probe
        probeOptions = new OutreachSessionOptions
        {
            Client = clientOptions,
            OverrideApiBaseUri = probeOptions.OverrideApiBaseUri,
            Tokens = probeOptions.Tokens,
            Observer = probeOptions.Observer,
            Time = probeOptions.Time,
            Protector = probeOptions.Protector,
            Handler = probeOptions.Handler,
        };
        var time = probeOptions.Time ?? TimeProvider.System;

        OutreachSession session;
        try
        {
            session = OutreachSession.FromStore(store, probeOptions);
        }
        catch (LDOutreachException ex)
        {
            checks.Add(ConnectionCheck.Fail(StoredCheck, ex.Message, reconnect));
            checks.Add(FieldMapping(store));
            return checks;
        }

        using (session)
        {
            var connection = session.Connection;
            var tokens = session.Tokens.Current;
            if (tokens is null)
            {
                checks.Add(ConnectionCheck.Fail(StoredCheck, "The client secret is stored but no tokens are.", reconnect));
                checks.Add(FieldMapping(store));
                return checks;
            }
            checks.Add(ConnectionCheck.Pass(StoredCheck,
                $"Client {connection.ClientId} at {connection.ApiBaseUri}, connected {connection.ConnectedAt.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z."));

            // Access token: the identity call refreshes first if the token is (nearly) expired, and once after a 401.
            long? userId = connection.AuthorizedUserId;
            var tokenOk = false;
            try
            {
                var identity = await session.Client.GetIdentityAsync(cancellationToken).ConfigureAwait(false);
                userId = identity.UserId ?? userId;
                tokenOk = true;
                var current = session.Tokens.Current;
                checks.Add(ConnectionCheck.Pass(AccessTokenCheck,
                    $"Authorized as {identity.UserEmail ?? connection.AuthorizedUserEmail ?? "(unknown)"} (Outreach user {userId?.ToString(CultureInfo.InvariantCulture) ?? "?"}); " +
                    $"the access token expires {current?.ExpiresAt.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z."));
            }
            catch (LDOutreachException ex)
            {
                checks.Add(ConnectionCheck.Fail(AccessTokenCheck, ex.Message, ex.RecommendedAction));
            }

            checks.Add(await RefreshCheckAsync(session, tokenOk, time, reconnect, cancellationToken).ConfigureAwait(false));

            var granted = session.Tokens.Current?.Scopes ?? tokens.Scopes;
            var grantedText = granted.Count == 0 ? "(none)" : string.Join(' ', granted);
            foreach (var scope in OutreachScopes.Required)
            {
                var missing = OutreachScopes.Missing(granted, [scope]).Count > 0;
                checks.Add(missing
                    ? ConnectionCheck.Fail(ScopeCheckPrefix + scope, $"Required, not granted. Granted: {grantedText}.", ErrorCatalog.MissingScopeRemedy([scope]))
                    : ConnectionCheck.Pass(ScopeCheckPrefix + scope, "Granted."));
            }
            var missingOptional = OutreachScopes.MissingOptional(granted);
            foreach (var optional in OutreachScopes.Optional)
            {
                checks.Add(missingOptional.Contains(optional)
                    ? ConnectionCheck.Warn(ScopeCheckPrefix + optional.Scope, $"Optional, not granted: {optional.WithoutIt}", ErrorCatalog.MissingScopeRemedy([optional.Scope]))
                    : ConnectionCheck.Pass(ScopeCheckPrefix + optional.Scope, "Granted (optional)."));
            }

            if (tokenOk)
            {
                checks.Add(await UserActiveAsync(session.Client, userId, cancellationToken).ConfigureAwait(false));
                checks.Add(await ProspectVisibilityAsync(session.Client, cancellationToken).ConfigureAwait(false));
                checks.Add(await SequencingAsync(session.Client, cancellationToken).ConfigureAwait(false));
                checks.Add(await MailboxVisibilityAsync(session.Client, userId, cancellationToken).ConfigureAwait(false));
            }
            checks.Add(ConnectionCheck.NotChecked(PluginsCheck,
                "Outreach's API does not show profile permissions.",
                ErrorCatalog.RecommendedActionFor(FailureCategory.UnauthorizedRequest)));
            checks.Add(FieldMapping(store));
            checks.Add(RateLimit(store, session.Client.LastRateLimit));
        }
        return checks;
    }

    private static async Task<ConnectionCheck> RefreshCheckAsync(OutreachSession session, bool tokenOk, TimeProvider time, string reconnect, CancellationToken cancellationToken)
    {
        if (session.Tokens.RefreshCount > 0)
            return ConnectionCheck.Pass(RefreshTokenCheck, "The access token had expired and was refreshed; the rotated refresh token is stored.");
        var current = session.Tokens.Current!;
        var age = time.GetUtcNow() - current.IssuedAt;
        if (tokenOk && age < MintInterval)
            return ConnectionCheck.Pass(RefreshTokenCheck,
                $"Outreach issued this token set {Math.Max(0, age.TotalSeconds):0} s ago; not refreshed again because Outreach allows one new token per user per minute.");
        try
        {
            var refreshed = await session.Tokens.RefreshAfterUnauthorizedAsync(current.AccessToken, cancellationToken).ConfigureAwait(false);
            return refreshed is null
                ? ConnectionCheck.Fail(RefreshTokenCheck, "A refresh was refused locally: one already happened within the last minute.", reconnect)
                : ConnectionCheck.Pass(RefreshTokenCheck, "Refreshed; the rotated refresh token is stored.");
        }
        catch (LDOutreachException ex)
        {
            return ConnectionCheck.Fail(RefreshTokenCheck, ex.Message, ex.RecommendedAction);
        }
    }

    private static async Task<ConnectionCheck> UserActiveAsync(OutreachClient client, long? userId, CancellationToken cancellationToken)
    {
        if (userId is not { } id)
            return ConnectionCheck.NotChecked(UserActiveCheck, "Outreach did not say which user authorized the token.", ErrorCatalog.RecommendedActionFor(FailureCategory.UserLocked));
        if (!client.IsGranted(OutreachScopes.Users)) return UsersNotReadable();
        try
        {
            var query = new Dictionary<string, string> { ["filter[id]"] = id.ToString(CultureInfo.InvariantCulture) };
            await foreach (var resource in client.ListAsync("users", query, cancellationToken).ConfigureAwait(false))
            {
                var user = ResourceMapper.ToUser(resource);
                return user.Locked
                    ? ConnectionCheck.Fail(UserActiveCheck, $"Outreach user {id} ({user.Email}) is locked.", ErrorCatalog.RecommendedActionFor(FailureCategory.UserLocked))
                    : ConnectionCheck.Pass(UserActiveCheck, $"Outreach user {id} ({user.Email}) is active.");
            }
            return ConnectionCheck.Fail(UserActiveCheck, $"Outreach user {id} is not visible to the token.", ErrorCatalog.RecommendedActionFor(FailureCategory.UnauthorizedRequest));
        }
        catch (LDOutreachException ex) when (ex.Category == FailureCategory.UnauthorizedOAuthScope)
        {
            return UsersNotReadable();
        }
        catch (LDOutreachException ex)
        {
            return ConnectionCheck.Fail(UserActiveCheck, ex.Message, ex.RecommendedAction);
        }
    }

    private static ConnectionCheck UsersNotReadable() =>
        ConnectionCheck.NotChecked(UserActiveCheck, $"Without {OutreachScopes.Users} the locked flag cannot be read; Outreach still refuses a locked user's enrollment (UserLocked).",
            ErrorCatalog.MissingScopeRemedy([OutreachScopes.Users]));

    private static async Task<ConnectionCheck> ProspectVisibilityAsync(OutreachClient client, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var _ in client.ListAsync("prospects", null, cancellationToken).ConfigureAwait(false)) break;
            return ConnectionCheck.Pass(ProspectVisibilityCheck, "Prospects can be listed.");
        }
        catch (LDOutreachException ex)
        {
            return ConnectionCheck.Fail(ProspectVisibilityCheck, ex.Message, ex.RecommendedAction);
        }
    }

    private static async Task<ConnectionCheck> SequencingAsync(OutreachClient client, CancellationToken cancellationToken)
    {
        // Ids start at 1 in Outreach, so prospect 0 in sequence 0 cannot be enrolled: the answer shows whether the
        // user may enroll at all (403 unauthorizedRequest) without changing anything.
        var result = await client.CreateSequenceStateAsync(0, 0, null, cancellationToken).ConfigureAwait(false);
        return result.Failure switch
        {
            null => ConnectionCheck.Fail(SequencingCheck, $"Outreach unexpectedly accepted a probe enrollment (sequenceState {result.SequenceStateId}).",
                "Report this: the probe uses ids that should not exist."),
            { Category: FailureCategory.UnauthorizedRequest or FailureCategory.UnauthorizedOAuthScope or FailureCategory.ConfigurationError or FailureCategory.TokenInvalid } failure =>
                ConnectionCheck.Fail(SequencingCheck, failure.ToString(), failure.RecommendedAction),
            { Category: FailureCategory.Transient or FailureCategory.RateLimitExceeded or FailureCategory.ScheduledMaintenance } failure =>
                ConnectionCheck.NotChecked(SequencingCheck, failure.ToString(), failure.RecommendedAction),
            { } failure => ConnectionCheck.Pass(SequencingCheck,
                $"A probe enrollment with ids that cannot exist was refused for its ids ({failure.Category}), not for permission."),
        };
    }

    private static async Task<ConnectionCheck> MailboxVisibilityAsync(OutreachClient client, long? userId, CancellationToken cancellationToken)
    {
        try
        {
            // At most two one-item pages: is one of the first two mailboxes someone else's?
            var seen = 0;
            await foreach (var resource in client.ListAsync("mailboxes", null, cancellationToken).ConfigureAwait(false))
            {
                var mailbox = ResourceMapper.ToMailbox(resource);
                if (userId is null || mailbox.UserId != userId)
                    return ConnectionCheck.Pass(MailboxVisibilityCheck, "Mailboxes of other users are visible.");
                if (++seen >= 2) break;
            }
            var any = seen > 0;
            return any
                ? ConnectionCheck.NotChecked(MailboxVisibilityCheck, "Only the authorizing user's own mailboxes came back; the API cannot show the 'Send from all records' permission.",
                    ErrorCatalog.RecommendedActionFor(FailureCategory.UnauthorizedRequest))
                : ConnectionCheck.Fail(MailboxVisibilityCheck, "No mailbox is visible to the token.", ErrorCatalog.RecommendedActionFor(FailureCategory.UnauthorizedRequest));
        }
        catch (LDOutreachException ex)
        {
            return ConnectionCheck.Fail(MailboxVisibilityCheck, ex.Message, ex.RecommendedAction);
        }
    }

    private static ConnectionCheck FieldMapping(LDStore store)
    {
        var mapping = new ConfigurationRepository(store).GetFieldMapping();
        return mapping is null
            ? ConnectionCheck.Fail(FieldMappingCheck, "No field mapping is set.",
                "Run Set-LDFieldMapping -Lead <field> -Contact <field> -User <field> with the Salesforce fields mapped to Id (Outreach Internal) in Outreach. " +
                "The Lead, Contact, and User field mapping is required; if you do not route one of the objects, create a placeholder field for it.")
            : ConnectionCheck.Pass(FieldMappingCheck, $"Lead.{mapping.Lead}, Contact.{mapping.Contact}, User.{mapping.User}.");
    }

    private static ConnectionCheck RateLimit(LDStore store, RateLimitObservation? observed)
    {
        var budget = new ConfigurationRepository(store).GetRateLimit();
        var budgetText = $"module budget {budget.Limit.ToString("N0", CultureInfo.InvariantCulture)} per {budget.Window}";
        if (observed is not { Remaining: { } remaining, Limit: { } limit })
            return ConnectionCheck.NotChecked(RateLimitCheck, $"Outreach sent no rate-limit headers; {budgetText}.", ErrorCatalog.RecommendedActionFor(FailureCategory.RateLimitExceeded));
        var reset = observed.ResetAt is { } at ? $" until {at.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z" : "";
        var detail = $"{remaining.ToString("N0", CultureInfo.InvariantCulture)} of {limit.ToString("N0", CultureInfo.InvariantCulture)} requests left{reset}; {budgetText}.";
        return remaining >= Math.Max(1, limit / 10)
            ? ConnectionCheck.Pass(RateLimitCheck, detail)
            : ConnectionCheck.Fail(RateLimitCheck, detail, ErrorCatalog.RecommendedActionFor(FailureCategory.RateLimitExceeded, observed.ResetAt));
    }
}
