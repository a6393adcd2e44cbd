using System.Globalization;
using LeanData.Outreach.Sandbox.Model;

namespace LeanData.Outreach.Sandbox.Api;

/// <summary>The readable collections and the filters each supports (see README "Filters").</summary>
public static class Collections
{
    private static string S(long v) => v.ToString(CultureInfo.InvariantCulture);
    private static string? S(long? v) => v?.ToString(CultureInfo.InvariantCulture);
    private static string B(bool v) => v ? "true" : "false";
    private static readonly string?[] None = Array.Empty<string?>();

    public static readonly IReadOnlyDictionary<string, IResourceCollection> ByPlural = new IResourceCollection[]
    {
        new ResourceCollection<SandboxUser>("users", "user",
            d => d.Users.Values, (d, id) => d.Users.GetValueOrDefault(id), u => u.Id,
            new[] { "id", "email", "locked", "firstName", "lastName", "username" },
            (u, k) => k switch
            {
                "id" => new[] { S(u.Id) }, "email" => new[] { u.Email }, "locked" => new[] { B(u.Locked) },
                "firstName" => new[] { u.FirstName }, "lastName" => new[] { u.LastName }, "username" => new[] { u.Username },
                _ => None,
            },
            (w, u, d, b) => ResourceWriter.User(w, u, b)),
        new ResourceCollection<SandboxMailbox>("mailboxes", "mailbox",
            d => d.Mailboxes.Values, (d, id) => d.Mailboxes.GetValueOrDefault(id), m => m.Id,
            new[] { "id", "email", "userId", "user.id", "sendDisabled" },
            (m, k) => k switch
            {
                "id" => new[] { S(m.Id) }, "email" => new[] { m.Email }, "userId" or "user.id" => new[] { S(m.UserId) },
                "sendDisabled" => new[] { B(m.SendDisabled) }, _ => None,
            },
            (w, m, d, b) => ResourceWriter.Mailbox(w, m, b)),
        new ResourceCollection<SandboxRuleset>("rulesets", "ruleset",
            d => d.Rulesets.Values, (d, id) => d.Rulesets.GetValueOrDefault(id), r => r.Id,
            new[] { "id", "name", "permitDuplicateProspects", "sequenceExclusivity" },
            (r, k) => k switch
            {
                "id" => new[] { S(r.Id) }, "name" => new[] { r.Name }, "permitDuplicateProspects" => new[] { r.PermitDuplicateProspects },
                "sequenceExclusivity" => new[] { r.SequenceExclusivity }, _ => None,
            },
            (w, r, d, b) => ResourceWriter.Ruleset(w, r, b)),
        new ResourceCollection<SandboxSequence>("sequences", "sequence",
            d => d.Sequences.Values, (d, id) => d.Sequences.GetValueOrDefault(id), s => s.Id,
            new[] { "id", "name", "shareType", "enabled", "locked", "owner.id", "ruleset.id" },
            (s, k) => k switch
            {
                "id" => new[] { S(s.Id) }, "name" => new[] { s.Name }, "shareType" => new[] { s.ShareType },
                "enabled" => new[] { B(s.Enabled) }, "locked" => new[] { B(s.Locked) }, "owner.id" => new[] { S(s.OwnerId) },
                "ruleset.id" => new[] { S(s.RulesetId) }, _ => None,
            },
            (w, s, d, b) => ResourceWriter.Sequence(w, s, d.StepCount(s.Id), b)),
        new ResourceCollection<SandboxSequenceStep>("sequenceSteps", "sequenceStep",
            d => d.SequenceSteps.Values, (d, id) => d.SequenceSteps.GetValueOrDefault(id), s => s.Id,
            new[] { "id", "stepType", "order", "sequence.id" },
            (s, k) => k switch
            {
                "id" => new[] { S(s.Id) }, "stepType" => new[] { s.StepType }, "order" => new[] { S(s.Order) },
                "sequence.id" => new[] { S(s.SequenceId) }, _ => None,
            },
            (w, s, d, b) => ResourceWriter.SequenceStep(w, s, b)),
        new ResourceCollection<SandboxProspect>("prospects", "prospect",
            d => d.Prospects.Values.Where(p => p.IsVisible), (d, id) => d.Prospects.GetValueOrDefault(id) is { IsVisible: true } p ? p : null, p => p.Id,
            new[] { "id", "emails", "firstName", "lastName", "optedOut", "owner.id" },
            (p, k) => k switch
            {
                "id" => new[] { S(p.Id) }, "emails" => p.Emails, "firstName" => new[] { p.FirstName }, "lastName" => new[] { p.LastName },
                "optedOut" => new[] { B(p.OptedOut) }, "owner.id" => new[] { S(p.OwnerId) }, _ => None,
            },
            (w, p, d, b) => ResourceWriter.Prospect(w, p, b)),
        new ResourceCollection<SandboxSequenceState>("sequenceStates", "sequenceState",
            d => d.SequenceStates.Values, (d, id) => d.SequenceStates.GetValueOrDefault(id), s => s.Id,
            new[] { "id", "state", "pauseReason", "prospect.id", "sequence.id", "mailbox.id", "user.id" },
            (s, k) => k switch
            {
                "id" => new[] { S(s.Id) }, "state" => new[] { s.State }, "pauseReason" => new[] { s.PauseReason },
                "prospect.id" => new[] { S(s.ProspectId) }, "sequence.id" => new[] { S(s.SequenceId) },
                "mailbox.id" => new[] { S(s.MailboxId) }, "user.id" => new[] { S(s.UserId) }, _ => None,
            },
            (w, s, d, b) => ResourceWriter.SequenceState(w, s, b)),
    }.ToDictionary(c => c.Plural, StringComparer.Ordinal);
}
