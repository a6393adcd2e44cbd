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

    public static OutreachBatch ToBatch(JsonApiResource r)
    {
        string? error = null;
        if (r.Attributes is not null && r.Attributes.TryGetValue("summary", out var summary) && summary.ValueKind == System.Text.Json.JsonValueKind.Object
            && summary.TryGetProperty("error", out var e) && e.ValueKind == System.Text.Json.JsonValueKind.String)
            error = e.GetString();
        return new OutreachBatch(r.Id ?? 0, r.GetString("state"), (int)(r.GetLong("total") ?? 0), (int)(r.GetLong("pending") ?? 0),
            (int)(r.GetLong("failures") ?? 0), r.GetDateTime("createdAt"), error);
    }

    public static OutreachBatchItem ToBatchItem(JsonApiResource r)
    {
        string? data = null;
        if (r.Attributes is not null && r.Attributes.TryGetValue("data", out var d))
            data = d.ValueKind == System.Text.Json.JsonValueKind.String ? d.GetString() : d.ValueKind is System.Text.Json.JsonValueKind.Null or System.Text.Json.JsonValueKind.Undefined ? null : d.GetRawText();
        return new OutreachBatchItem(r.Id ?? 0, r.GetString("state"), r.GetBool("failed") ?? false, r.GetString("info"), data);
    }

    /// <summary>Joins a sequence with its steps and ruleset into the catalog shape.</summary>
    public static SequenceInfo ToSequenceInfo(OutreachSequence sequence, IEnumerable<OutreachSequenceStep> steps, OutreachRuleset? ruleset) =>
        new(sequence.Id, sequence.Name, sequence.Enabled, sequence.Locked, sequence.ShareType, sequence.OwnerUserId, sequence.RulesetId,
            steps.Any(s => s.SequenceId == sequence.Id && s.IsEmail),
            ruleset?.PermitDuplicateProspects, ruleset?.SequenceExclusivity);
}
