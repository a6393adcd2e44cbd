using System.Globalization;
using LeanData.Outreach.Sandbox.Model;

namespace LeanData.Outreach.Sandbox.Api;

/// <summary>
/// The readable collections, the filters and sort keys each supports (see README "Filters"): the attributes
/// reference/outreach-openapi.json marks filterable/sortable that the sandbox models, the relationship filters
/// its relationship descriptions list, and a few the module and tests use (enabled, locked, optedOut...).
/// </summary>
public static class Collections
{
    private static string S(long v) => v.ToString(CultureInfo.InvariantCulture);
    private static string? S(long? v) => v?.ToString(CultureInfo.InvariantCulture);
    private static string B(bool v) => v ? "true" : "false";
    private static string? T(DateTimeOffset? t) => t is { } v ? SandboxClock.Iso(v) : null;
    private static string?[] One(string? v) => new[] { v };
    private static readonly string?[] None = Array.Empty<string?>();

    public static readonly IReadOnlyDictionary<string, IResourceCollection> ByPlural = new IResourceCollection[]
    {
        new ResourceCollection<SandboxUser>("users", "user",
            d => d.Users.Values, (d, id) => d.Users.GetValueOrDefault(id), u => u.Id,
            new[] { "id", "email", "locked", "firstName", "lastName", "username", "createdAt", "updatedAt" },
            new[] { "id", "email", "locked", "firstName", "lastName", "username", "createdAt", "updatedAt" },
            (u, k, d) => k switch
            {
                "id" => One(S(u.Id)), "email" => One(u.Email), "locked" => One(B(u.Locked)),
                "firstName" => One(u.FirstName), "lastName" => One(u.LastName), "username" => One(u.Username),
                "createdAt" or "updatedAt" => One(T(u.CreatedAt)),
                _ => None,
            },
            (w, u, d, b) => ResourceWriter.User(w, u, b)),
        new ResourceCollection<SandboxMailbox>("mailboxes", "mailbox",
            d => d.Mailboxes.Values, (d, id) => d.Mailboxes.GetValueOrDefault(id), m => m.Id,
            new[] { "id", "email", "userId", "user.id", "sendDisabled", "createdAt", "updatedAt" },
            new[] { "id", "email", "userId", "createdAt", "updatedAt" },
            (m, k, d) => k switch
            {
                "id" => One(S(m.Id)), "email" => One(m.Email), "userId" or "user.id" => One(S(m.UserId)),
                "sendDisabled" => One(B(m.SendDisabled)), "createdAt" or "updatedAt" => One(T(m.CreatedAt)), _ => None,
            },
            (w, m, d, b) => ResourceWriter.Mailbox(w, m, b)),
        new ResourceCollection<SandboxRuleset>("rulesets", "ruleset",
            d => d.Rulesets.Values, (d, id) => d.Rulesets.GetValueOrDefault(id), r => r.Id,
            new[] { "id", "name", "permitDuplicateProspects", "sequenceExclusivity", "createdAt", "updatedAt" },
            new[] { "id", "name", "permitDuplicateProspects", "sequenceExclusivity", "createdAt", "updatedAt" },
            (r, k, d) => k switch
            {
                "id" => One(S(r.Id)), "name" => One(r.Name), "permitDuplicateProspects" => One(r.PermitDuplicateProspects),
                "sequenceExclusivity" => One(r.SequenceExclusivity), "createdAt" or "updatedAt" => One(T(r.CreatedAt)), _ => None,
            },
            (w, r, d, b) => ResourceWriter.Ruleset(w, r, b)),
        new ResourceCollection<SandboxSequence>("sequences", "sequence",
            d => d.Sequences.Values, (d, id) => d.Sequences.GetValueOrDefault(id), s => s.Id,
            new[] { "id", "name", "shareType", "enabled", "enabledAt", "locked", "createdAt", "updatedAt",
                "owner.id", "owner.email", "owner.firstName", "owner.lastName", "ruleset.id" },
            new[] { "id", "name", "shareType", "enabledAt", "createdAt", "updatedAt" },
            SequenceValues,
            (w, s, d, b) => ResourceWriter.Sequence(w, s, d.StepCount(s.Id), b)),
        new ResourceCollection<SandboxSequenceStep>("sequenceSteps", "sequenceStep",
            d => d.SequenceSteps.Values, (d, id) => d.SequenceSteps.GetValueOrDefault(id), s => s.Id,
            new[] { "id", "stepType", "order", "createdAt", "updatedAt", "sequence.id", "sequence.name", "sequence.enabledAt" },
            new[] { "id", "stepType", "order", "createdAt", "updatedAt" },
            (s, k, d) => k switch
            {
                "id" => One(S(s.Id)), "stepType" => One(s.StepType), "order" => One(S(s.Order)),
                "createdAt" or "updatedAt" => One(T(s.CreatedAt)), "sequence.id" => One(S(s.SequenceId)),
                _ when k.StartsWith("sequence.", StringComparison.Ordinal) && d.Sequences.GetValueOrDefault(s.SequenceId) is { } seq
                    => SequenceValues(seq, k["sequence.".Length..], d),
                _ => None,
            },
            (w, s, d, b) => ResourceWriter.SequenceStep(w, s, b)),
        new ResourceCollection<SandboxProspect>("prospects", "prospect",
            d => d.Prospects.Values.Where(p => p.IsVisible), (d, id) => d.Prospects.GetValueOrDefault(id) is { IsVisible: true } p ? p : null, p => p.Id,
            new[] { "id", "emails", "firstName", "lastName", "title", "optedOut", "createdAt", "updatedAt", "owner.id" },
            new[] { "id", "firstName", "lastName", "title", "createdAt", "updatedAt" },
            ProspectValues,
            (w, p, d, b) => ResourceWriter.Prospect(w, p, b)),
        new ResourceCollection<SandboxSequenceState>("sequenceStates", "sequenceState",
            d => d.SequenceStates.Values, (d, id) => d.SequenceStates.GetValueOrDefault(id), s => s.Id,
            new[] { "id", "state", "pauseReason", "createdAt", "updatedAt", "stateChangedAt",
                "prospect.id", "prospect.emails", "sequence.id", "sequence.name", "sequence.shareType", "sequence.enabledAt",
                "mailbox.id", "mailbox.email", "user.id" },
            new[] { "id", "state", "pauseReason", "createdAt", "updatedAt", "stateChangedAt" },
            (s, k, d) => k switch
            {
                "id" => One(S(s.Id)), "state" => One(s.State), "pauseReason" => One(s.PauseReason),
                "createdAt" => One(T(s.CreatedAt)), "updatedAt" => One(T(s.UpdatedAt)), "stateChangedAt" => One(T(s.StateChangedAt)),
                "prospect.id" => One(S(s.ProspectId)), "sequence.id" => One(S(s.SequenceId)),
                "prospect.emails" => d.Prospects.GetValueOrDefault(s.ProspectId)?.Emails ?? (IEnumerable<string?>)None,
                "mailbox.id" => One(S(s.MailboxId)),
                "mailbox.email" => One(s.MailboxId is long m ? d.Mailboxes.GetValueOrDefault(m)?.Email : null),
                "user.id" => One(S(s.UserId)),
                _ when k.StartsWith("sequence.", StringComparison.Ordinal) && d.Sequences.GetValueOrDefault(s.SequenceId) is { } seq
                    => SequenceValues(seq, k["sequence.".Length..], d),
                _ => None,
            },
            (w, s, d, b) => ResourceWriter.SequenceState(w, s, b),
            StatesOfProspects),
        new ResourceCollection<SandboxBatch>("batches", "batch",
            d => d.Batches.Values, (d, id) => d.Batches.GetValueOrDefault(id), b => b.Id,
            new[] { "id", "action", "state", "total", "createdAt", "updatedAt", "finishedAt" },
            new[] { "id", "state", "total", "createdAt", "finishedAt" },
            (b, k, d) => k switch
            {
                "id" => One(S(b.Id)), "action" => One(b.Action), "state" => One(b.State), "total" => One(S(b.Total)),
                "createdAt" => One(T(b.CreatedAt)), "updatedAt" => One(T(b.UpdatedAt)), "finishedAt" => One(T(b.FinishedAt)),
                _ => None,
            },
            (w, b, d, u) => ResourceWriter.Batch(w, b, u)),
        new ResourceCollection<SandboxBatchItem>("batchItems", "batchItem",
            d => d.BatchItems, (d, id) => d.BatchItem(id), i => i.Id,
            new[] { "id", "batchId", "batch.id", "state", "failed", "createdAt" },
            new[] { "id", "batchId", "state", "failed" },
            (i, k, d) => k switch
            {
                "id" => One(S(i.Id)), "batchId" or "batch.id" => One(S(i.BatchId)), "state" => One(i.State),
                "failed" => One(B(i.Failed)), "createdAt" => One(T(i.CreatedAt)),
                _ => None,
            },
            (w, i, d, b) => ResourceWriter.BatchItem(w, i, b),
            ItemsOfBatch,
            scope: "batches"),
    }.ToDictionary(c => c.Plural, StringComparer.Ordinal);

    /// <summary>With an exact filter[prospect][id] list: those prospects' states from the per-prospect index, in id order.</summary>
    private static IEnumerable<SandboxSequenceState>? StatesOfProspects(SandboxData d, ListQuery q, long after)
    {
        var ids = q.Filters.FirstOrDefault(f => f.Key == "prospect.id")?.ExactOnly;
        if (ids is null) return null;
        var states = new List<SandboxSequenceState>();
        foreach (var text in ids)
        {
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) continue;
            foreach (var s in d.StatesOf(id)) if (s.Id > after) states.Add(s);
        }
        states.Sort((a, b) => a.Id.CompareTo(b.Id));
        return states;
    }

    /// <summary>The items after the cursor; with one exact filter[batchId] only that batch's item range.</summary>
    private static IEnumerable<SandboxBatchItem> ItemsOfBatch(SandboxData d, ListQuery q, long after)
    {
        long first = 1, last = d.BatchItems.Count;
        var batchIds = q.Filters.FirstOrDefault(f => f.Key is "batchId" or "batch.id")?.ExactOnly;
        if (batchIds is { Count: 1 })
        {
            if (!long.TryParse(batchIds.First(), NumberStyles.None, CultureInfo.InvariantCulture, out var batchId)
                || !d.Batches.TryGetValue(batchId, out var batch)) return Array.Empty<SandboxBatchItem>();
            first = batch.FirstItemId;
            last = batch.LastItemId;
        }
        first = Math.Max(first, after + 1);
        return Range(d.BatchItems, first, last);

        static IEnumerable<SandboxBatchItem> Range(List<SandboxBatchItem> items, long first, long last)
        {
            for (var id = first; id <= last; id++) yield return items[(int)(id - 1)];
        }
    }

    private static IEnumerable<string?> SequenceValues(SandboxSequence s, string k, SandboxData d) => k switch
    {
        "id" => One(S(s.Id)), "name" => One(s.Name), "shareType" => One(s.ShareType),
        "enabled" => One(B(s.Enabled)), "enabledAt" => One(s.Enabled ? T(s.CreatedAt) : null), "locked" => One(B(s.Locked)),
        "createdAt" or "updatedAt" => One(T(s.CreatedAt)),
        "owner.id" => One(S(s.OwnerId)), "ruleset.id" => One(S(s.RulesetId)),
        "owner.email" => One(d.Users.GetValueOrDefault(s.OwnerId)?.Email),
        "owner.firstName" => One(d.Users.GetValueOrDefault(s.OwnerId)?.FirstName),
        "owner.lastName" => One(d.Users.GetValueOrDefault(s.OwnerId)?.LastName),
        _ => None,
    };

    private static IEnumerable<string?> ProspectValues(SandboxProspect p, string k, SandboxData d) => k switch
    {
        "id" => One(S(p.Id)), "emails" => p.Emails, "firstName" => One(p.FirstName), "lastName" => One(p.LastName),
        "title" => One(p.Title), "optedOut" => One(B(p.OptedOut)), "createdAt" or "updatedAt" => One(T(p.CreatedAt)),
        "owner.id" => One(S(p.OwnerId)), _ => None,
    };
}
