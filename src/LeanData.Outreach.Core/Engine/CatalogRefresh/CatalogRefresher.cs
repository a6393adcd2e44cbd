using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outreach.Model;
using LeanData.Outreach.Catalog;
using LeanData.Outreach.Store;

namespace LeanData.Outreach.Engine.CatalogRefresh;

/// <summary>
/// Fills the catalog cache from Outreach: sequences joined with their steps (has the sequence an email step?)
/// and rulesets (duplicate and exclusivity settings), users and mailboxes. Every list is read through all its
/// pages (the client asks for page[size]=1000 and follows links.next). Nothing is written unless every list
/// of a kind was read completely; then the kind's snapshot is replaced in one transaction.
/// </summary>
public sealed class CatalogRefresher(OutreachClient client, CatalogRepository repository, TimeProvider? time = null)
{
    /// <summary>How old a cached catalog may be before cmdlets refresh it on their own.</summary>
    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromHours(1);

    private readonly TimeProvider clock = time ?? TimeProvider.System;

    public CatalogRepository Repository => repository;

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
        Task<List<OutreachSequence>>? sequences = null;
        Task<List<OutreachSequenceStep>>? steps = null;
        Task<List<OutreachRuleset>>? rulesets = null;
        Task<List<OutreachUserInfo>>? users = null;
        Task<List<MailboxInfo>>? mailboxes = null;
        if (kinds.HasFlag(CatalogKinds.Sequences))
        {
            sequences = ReadAllAsync("sequences", client.ListSequencesAsync(ct), progress, stopOthers);
            steps = ReadAllAsync("sequenceSteps", client.ListSequenceStepsAsync(ct), progress, stopOthers);
            rulesets = ReadAllAsync("rulesets", client.ListRulesetsAsync(ct), progress, stopOthers);
        }
        if (kinds.HasFlag(CatalogKinds.Users))
        {
            users = ReadAllAsync("users", client.ListUsersAsync(ct), progress, stopOthers);
            mailboxes = ReadAllAsync("mailboxes", client.ListMailboxesAsync(ct), progress, stopOthers);
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
            var stepsBySequence = steps!.Result.Where(s => s.SequenceId is not null).ToLookup(s => s.SequenceId!.Value);
            var rulesetsById = rulesets!.Result.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.First());
            sequenceInfos = sequences.Result
                .Select(s => ResourceMapper.ToSequenceInfo(s, stepsBySequence[s.Id],
                    s.RulesetId is { } rid && rulesetsById.TryGetValue(rid, out var ruleset) ? ruleset : null))
                .ToList();
        }
        var refreshedAt = clock.GetUtcNow();
        var contents = new CatalogContents(sequenceInfos, users?.Result, mailboxes?.Result, refreshedAt);
        repository.ReplaceSnapshot(contents);
        return new CatalogRefreshResult(contents.Kinds, sequenceInfos?.Count, users?.Result.Count, mailboxes?.Result.Count, refreshedAt);
    }

    private static async Task<List<T>> ReadAllAsync<T>(string list, IAsyncEnumerable<T> source, IProgress<CatalogRefreshProgress>? progress, CancellationTokenSource stopOthers)
    {
        var items = new List<T>();
        try
        {
            await foreach (var item in source.ConfigureAwait(false))
            {
                items.Add(item);
                if (items.Count % 500 == 0) progress?.Report(new CatalogRefreshProgress(list, items.Count));
            }
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
