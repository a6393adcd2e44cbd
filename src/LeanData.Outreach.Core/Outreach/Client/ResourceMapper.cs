using LeanData.Outreach.Catalog;
using LeanData.Outreach.Outreach.JsonApi;
using LeanData.Outreach.Outreach.Model;

namespace LeanData.Outreach.Outreach.Client;

/// <summary>Turns JSON:API resources into the module's models (lenient: missing attributes get safe defaults).</summary>
public static class ResourceMapper
{
    public static OutreachUserInfo ToUser(JsonApiResource r)
    {
        var name = r.GetString("name");
        if (string.IsNullOrWhiteSpace(name))
        {
            var joined = string.Join(' ', new[] { r.GetString("firstName"), r.GetString("lastName") }.Where(s => !string.IsNullOrWhiteSpace(s)));
            name = joined.Length > 0 ? joined : null;
        }
        return new OutreachUserInfo(r.Id ?? 0, name, r.GetString("email"), r.GetBool("locked") ?? false, r.RelatedId("mailbox"));
    }

    public static MailboxInfo ToMailbox(JsonApiResource r)
    {
        var erroredAt = r.GetDateTime("sendErroredAt");
        var successAt = r.GetDateTime("sendSuccessAt");
        var credentialsValid = r.GetBool("sendCredentialsValid")
            ?? (erroredAt is null || (successAt is not null && successAt > erroredAt));
        return new MailboxInfo(
            r.Id ?? 0,
            r.GetLong("userId") ?? r.RelatedId("user"),
            r.GetString("email"),
            SendEnabled: !(r.GetBool("sendDisabled") ?? false),
            SyncEnabled: !(r.GetBool("syncDisabled") ?? false),
            SendCredentialsValid: credentialsValid);
    }

    public static OutreachSequence ToSequence(JsonApiResource r) =>
        new(r.Id ?? 0, r.GetString("name") ?? "", r.GetBool("enabled") ?? false, r.GetBool("locked") ?? false,
            r.GetString("shareType") ?? "private", r.RelatedId("owner"), r.RelatedId("ruleset"));

    public static OutreachSequenceStep ToSequenceStep(JsonApiResource r) =>
        new(r.Id ?? 0, r.RelatedId("sequence"), r.GetString("stepType"), (int?)r.GetLong("order"));

    public static OutreachRuleset ToRuleset(JsonApiResource r) =>
        new(r.Id ?? 0, r.GetString("name"), r.GetString("permitDuplicateProspects"), r.GetString("sequenceExclusivity"));

    public static OutreachProspect ToProspect(JsonApiResource r) =>
        new(r.Id ?? 0,
            r.GetString("name") ?? string.Join(' ', new[] { r.GetString("firstName"), r.GetString("lastName") }.Where(s => !string.IsNullOrWhiteSpace(s))),
            r.GetStringArray("emails"),
            r.GetBool("optedOut") ?? false,
            (r.GetBool("emailOptedOut") ?? false) || string.Equals(r.GetString("emailsOptStatus"), "opted_out", StringComparison.OrdinalIgnoreCase),
            r.RelatedId("owner"));

    public static OutreachSequenceState ToSequenceState(JsonApiResource r) =>
        new(r.Id ?? 0, r.GetString("state"), r.RelatedId("prospect"), r.RelatedId("sequence"), r.RelatedId("mailbox"),
            r.RelatedId("creator"), r.GetDateTime("createdAt"));

    /// <summary>Joins a sequence with its steps and ruleset into the catalog shape.</summary>
    public static SequenceInfo ToSequenceInfo(OutreachSequence sequence, IEnumerable<OutreachSequenceStep> steps, OutreachRuleset? ruleset) =>
        new(sequence.Id, sequence.Name, sequence.Enabled, sequence.Locked, sequence.ShareType, sequence.OwnerUserId, sequence.RulesetId,
            steps.Any(s => s.SequenceId == sequence.Id && s.IsEmail),
            ruleset?.PermitDuplicateProspects, ruleset?.SequenceExclusivity);
}
