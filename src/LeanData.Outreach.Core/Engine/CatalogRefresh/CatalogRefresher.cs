using System.Collections.Concurrent;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outreach.Model;
using LeanData.Outreach.Outreach.OAuth;
using LeanData.Outreach.Catalog;
using LeanData.Outreach.Store;
using LeanData.Outreach.Outreach.Client;

namespace LeanData.Outreach.Engine.CatalogRefresh;

/// <summary>
/// Fills the catalog cache from Outreach: sequences joined with their steps (has the sequence an email step?)
/// and rulesets (duplicate and exclusivity settings), users and mailboxes. Every list is read through all its
/// pages (the client asks for page[size]=1000 and follows links.next). Nothing is written unless every list
/// of a kind was read completely; then the kind's snapshot is replaced in one transaction. The lists behind
/// optional scopes (users, sequenceSteps, rulesets) are skipped when the token does not grant them and given up
/// on a 403 unauthorizedOauthScope: users then come from the mailboxes and the identity call, sequences go
/// without email-step and ruleset details.
/// </summary>
public sealed class CatalogRefresher(OutreachClient client, CatalogRepository repository, TimeProvider? time = null)
{
    /// <summary>How old a cached catalog may be before cmdlets refresh it on their own.</summary>
    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromHours(1);

    private readonly TimeProvider clock = time ?? TimeProvider.System;

    /// <summary>True when any of <paramref name="kinds"/> was never refreshed or is older than <paramref name="maxAge"/> (default one hour).</summary>
    public bool IsStale(CatalogKinds kinds, TimeSpan? maxAge = null) => repository.IsStale(kinds, maxAge ?? DefaultMaxAge);

    /// <summary>Refreshes <paramref name="kinds"/> only when stale; returns null when the cache was fresh enough.</summary>
    public async Task<CatalogRefreshResult?> RefreshIfStaleAsync(CatalogKinds kinds, TimeSpan? maxAge, IProgress<CatalogRefreshProgress>? progress, CancellationToken cancellationToken) =>
        IsStale(kinds, maxAge) ? await RefreshAsync(kinds, progress, cancellationToken).ConfigureAwait(false) : null;

    /// <summary>
    /// Reads <paramref name="kinds"/> from Outreach and replaces their cached snapshot. Users and mailboxes are always
    /// read together. Throws <see cref="OutreachApiException"/> (cache unchanged) when any page fails.
    /// </summary>
    public async Task<CatalogRefreshResult> RefreshAsync(CatalogKinds kinds, IProgress<CatalogRefreshProgress>? progress, CancellationToken cancellationToken)
    {
        if ((kinds & CatalogKinds.UsersAndMailboxes) != 0) kinds |= CatalogKinds.UsersAndMailboxes;
        if (kinds == CatalogKinds.None) throw new ArgumentException("Nothing to refresh.", nameof(kinds));

        using var stopOthers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ct = stopOthers.Token;
        Task<List<OutreachSequence>?>? sequences = null;
        Task<List<OutreachSequenceStep>?>? steps = null;
        Task<List<OutreachRuleset>?>? rulesets = null;
        Task<List<OutreachUserInfo>?>? users = null;
        Task<List<MailboxInfo>?>? mailboxes = null;
        var unavailable = new ConcurrentBag<string>();
        if (kinds.HasFlag(CatalogKinds.Sequences))
        {
            sequences = ReadAllAsync("sequences", null, client.ListSequencesAsync(ct), progress, stopOthers, unavailable);
            steps = ReadAllAsync("sequenceSteps", OutreachScopes.SequenceSteps, client.ListSequenceStepsAsync(ct), progress, stopOthers, unavailable);
            rulesets = ReadAllAsync("rulesets", OutreachScopes.Rulesets, client.ListRulesetsAsync(ct), progress, stopOthers, unavailable);
        }
        if (kinds.HasFlag(CatalogKinds.Users))
        {
            users = ReadAllAsync("users", OutreachScopes.Users, client.ListUsersAsync(ct), progress, stopOthers, unavailable);
            mailboxes = ReadAllAsync("mailboxes", null, client.ListMailboxesAsync(ct), progress, stopOthers, unavailable);
        }
        var all = new List<Task>();
        foreach (var task in new Task?[] { sequences, steps, rulesets, users, mailboxes })
            if (task is not null) all.Add(task);
        try
        {
            await Task.WhenAll(all).ConfigureAwait(false);
        }
        catch
        {
            // Surface the first real failure rather than a cancellation caused by it.
            var failed = all.FirstOrDefault(t => t.IsFaulted && t.Exception?.InnerException is not OperationCanceledException) ?? all.First(t => t.IsFaulted || t.IsCanceled);
            await failed.ConfigureAwait(false);
            throw;
        }

        IReadOnlyList<SequenceInfo>? sequenceInfos = null;
        if (sequences is not null)
        {
            var stepsBySequence = (steps!.Result ?? []).Where(s => s.SequenceId is not null).ToLookup(s => s.SequenceId!.Value);
            var rulesetsById = (rulesets!.Result ?? []).GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.First());
            sequenceInfos = sequences.Result!
                .Select(s => ResourceMapper.ToSequenceInfo(s, stepsBySequence[s.Id],
                    s.RulesetId is { } rid && rulesetsById.TryGetValue(rid, out var ruleset) ? ruleset : null))
                .ToList();
        }
        IReadOnlyList<OutreachUserInfo>? userInfos = users?.Result;
        if (users is not null && userInfos is null)
            userInfos = MailboxUsers.From(mailboxes!.Result!, await IdentityOrNullAsync(cancellationToken).ConfigureAwait(false));
        var refreshedAt = clock.GetUtcNow();
        var contents = new CatalogContents(sequenceInfos, userInfos, mailboxes?.Result, refreshedAt);
        repository.ReplaceSnapshot(contents);
        return new CatalogRefreshResult(contents.Kinds, sequenceInfos?.Count, userInfos?.Count, mailboxes?.Result?.Count, refreshedAt,
            unavailable.Distinct().Order(StringComparer.Ordinal).ToList());
    }

    // The authorizing user for the mailbox-derived user list; without it the list still has every mailbox's user.
    private async Task<OutreachIdentity?> IdentityOrNullAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetIdentityAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OutreachApiException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads one list through all its pages. With an <paramref name="optionalScope"/>, returns null (noting the
    /// scope) when the token does not grant it or Outreach answers 403 unauthorizedOauthScope.
    /// </summary>
    private async Task<List<T>?> ReadAllAsync<T>(string list, string? optionalScope, IAsyncEnumerable<T> source, IProgress<CatalogRefreshProgress>? progress,
        CancellationTokenSource stopOthers, ConcurrentBag<string> unavailable)
    {
        if (optionalScope is not null && !client.IsGranted(optionalScope))
        {
            unavailable.Add(optionalScope);
            return null;
        }
        var items = new List<T>();
        try
        {
            await foreach (var item in source.ConfigureAwait(false))
            {
                items.Add(item);
                if (items.Count % 500 == 0) progress?.Report(new CatalogRefreshProgress(list, items.Count));
            }
        }
        catch (OutreachApiException ex) when (optionalScope is not null && ex.Category == FailureCategory.UnauthorizedOAuthScope)
        {
            unavailable.Add(optionalScope);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // One list failed: the snapshot cannot be complete, so stop reading the others.
            await stopOthers.CancelAsync().ConfigureAwait(false);
            throw;
        }
        progress?.Report(new CatalogRefreshProgress(list, items.Count));
        return items;
    }
}
