using System.Text.Json;
using LeanData.Outreach.Sandbox.Model;

namespace LeanData.Outreach.Sandbox.Api;

/// <summary>Writes sandbox records as JSON:API resource objects shaped like reference/outreach-openapi.json.</summary>
public static class ResourceWriter
{
    private static void Begin(Utf8JsonWriter w, string type, long id)
    {
        w.WriteStartObject();
        w.WriteString("type", type);
        w.WriteNumber("id", id);
        w.WriteStartObject("attributes");
    }

    private static void ToOne(Utf8JsonWriter w, string name, string type, long? id)
    {
        w.WriteStartObject(name);
        if (id is long v)
        {
            w.WriteStartObject("data");
            w.WriteString("type", type);
            w.WriteNumber("id", v);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("data");
        }
        w.WriteEndObject();
    }

    /// <summary>A to-many relationship as a related link (its filter's brackets percent-encoded: a valid URI).</summary>
    private static void ToMany(Utf8JsonWriter w, string name, string related)
    {
        w.WriteStartObject(name);
        w.WriteStartObject("links");
        w.WriteString("related", related);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void End(Utf8JsonWriter w, string baseUrl, string plural, long id)
    {
        w.WriteStartObject("links");
        w.WriteString("self", $"{baseUrl}/{plural}/{id}");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Time(Utf8JsonWriter w, string name, DateTimeOffset? t)
    {
        if (t is DateTimeOffset v) w.WriteString(name, SandboxClock.Iso(v));
        else w.WriteNull(name);
    }

    public static void User(Utf8JsonWriter w, SandboxUser u, string baseUrl)
    {
        Begin(w, "user", u.Id);
        w.WriteString("email", u.Email);
        w.WriteString("firstName", u.FirstName);
        w.WriteString("lastName", u.LastName);
        w.WriteString("name", u.Name);
        w.WriteString("username", u.Username);
        w.WriteBoolean("locked", u.Locked);
        Time(w, "createdAt", u.CreatedAt);
        Time(w, "updatedAt", u.CreatedAt);
        w.WriteEndObject();
        w.WriteStartObject("relationships");
        ToOne(w, "mailbox", "mailbox", u.DefaultMailboxId);
        ToMany(w, "mailboxes", $"{baseUrl}/mailboxes?filter%5Buser%5D%5Bid%5D={u.Id}");
        ToOne(w, "profile", "profile", u.CanSequence ? 1 : 2);
        w.WriteEndObject();
        End(w, baseUrl, "users", u.Id);
    }

    public static void Mailbox(Utf8JsonWriter w, SandboxMailbox m, string baseUrl)
    {
        Begin(w, "mailbox", m.Id);
        w.WriteString("email", m.Email);
        w.WriteString("username", m.Email);
        w.WriteNumber("userId", m.UserId);
        w.WriteBoolean("sendDisabled", m.SendDisabled);
        w.WriteBoolean("syncDisabled", m.SyncDisabled);
        Time(w, "sendErroredAt", m.InvalidSendCredentials ? m.CreatedAt : null);
        Time(w, "sendSuccessAt", m.InvalidSendCredentials || m.SendDisabled ? null : m.CreatedAt);
        w.WriteString("sendMethod", "smtp");
        w.WriteString("syncMethod", "imap");
        Time(w, "createdAt", m.CreatedAt);
        Time(w, "updatedAt", m.CreatedAt);
        w.WriteEndObject();
        w.WriteStartObject("relationships");
        ToOne(w, "user", "user", m.UserId);
        w.WriteEndObject();
        End(w, baseUrl, "mailboxes", m.Id);
    }

    public static void Ruleset(Utf8JsonWriter w, SandboxRuleset r, string baseUrl)
    {
        Begin(w, "ruleset", r.Id);
        w.WriteString("name", r.Name);
        w.WriteString("permitDuplicateProspects", r.PermitDuplicateProspects);
        w.WriteString("sequenceExclusivity", r.SequenceExclusivity);
        w.WriteString("emailOptOutAction", r.EmailOptOutAction);
        Time(w, "createdAt", r.CreatedAt);
        Time(w, "updatedAt", r.CreatedAt);
        w.WriteEndObject();
        w.WriteStartObject("relationships");
        ToMany(w, "sequences", $"{baseUrl}/sequences?filter%5Bruleset%5D%5Bid%5D={r.Id}");
        w.WriteEndObject();
        End(w, baseUrl, "rulesets", r.Id);
    }

    public static void Sequence(Utf8JsonWriter w, SandboxSequence s, int stepCount, string baseUrl)
    {
        Begin(w, "sequence", s.Id);
        w.WriteString("name", s.Name);
        w.WriteString("shareType", s.ShareType);
        w.WriteBoolean("enabled", s.Enabled);
        Time(w, "enabledAt", s.Enabled ? s.CreatedAt : null);
        w.WriteBoolean("locked", s.Locked);
        Time(w, "lockedAt", s.Locked ? s.CreatedAt : null);
        w.WriteString("sequenceType", "interval");
        w.WriteNumber("sequenceStepCount", stepCount);
        Time(w, "createdAt", s.CreatedAt);
        Time(w, "updatedAt", s.CreatedAt);
        w.WriteEndObject();
        w.WriteStartObject("relationships");
        ToOne(w, "owner", "user", s.OwnerId);
        ToOne(w, "ruleset", "ruleset", s.RulesetId);
        ToMany(w, "sequenceSteps", $"{baseUrl}/sequenceSteps?filter%5Bsequence%5D%5Bid%5D={s.Id}");
        ToMany(w, "sequenceStates", $"{baseUrl}/sequenceStates?filter%5Bsequence%5D%5Bid%5D={s.Id}");
        w.WriteEndObject();
        End(w, baseUrl, "sequences", s.Id);
    }

    public static void SequenceStep(Utf8JsonWriter w, SandboxSequenceStep s, string baseUrl)
    {
        Begin(w, "sequenceStep", s.Id);
        w.WriteString("stepType", s.StepType);
        w.WriteNumber("order", s.Order);
        w.WriteString("displayName", s.DisplayName);
        Time(w, "createdAt", s.CreatedAt);
        Time(w, "updatedAt", s.CreatedAt);
        w.WriteEndObject();
        w.WriteStartObject("relationships");
        ToOne(w, "sequence", "sequence", s.SequenceId);
        w.WriteEndObject();
        End(w, baseUrl, "sequenceSteps", s.Id);
    }

    public static void Prospect(Utf8JsonWriter w, SandboxProspect p, string baseUrl)
    {
        Begin(w, "prospect", p.Id);
        w.WriteStartArray("emails");
        foreach (var e in p.Emails) w.WriteStringValue(e);
        w.WriteEndArray();
        w.WriteString("firstName", p.FirstName);
        w.WriteString("lastName", p.LastName);
        w.WriteString("name", p.Name);
        if (p.Title is null) w.WriteNull("title"); else w.WriteString("title", p.Title);
        w.WriteBoolean("optedOut", p.OptedOut);
        Time(w, "optedOutAt", p.OptedOutAt);
        w.WriteString("emailsOptStatus", p.OptedOut ? "opted_out" : "opted_in");
        Time(w, "trashedAt", null);
        Time(w, "createdAt", p.CreatedAt);
        Time(w, "updatedAt", p.CreatedAt);
        w.WriteEndObject();
        w.WriteStartObject("relationships");
        ToOne(w, "owner", "user", p.OwnerId);
        ToMany(w, "sequenceStates", $"{baseUrl}/sequenceStates?filter%5Bprospect%5D%5Bid%5D={p.Id}");
        w.WriteEndObject();
        End(w, baseUrl, "prospects", p.Id);
    }

    public static void SequenceState(Utf8JsonWriter w, SandboxSequenceState s, string baseUrl)
    {
        Begin(w, "sequenceState", s.Id);
        w.WriteString("state", s.State);
        Time(w, "stateChangedAt", s.StateChangedAt);
        Time(w, "activeAt", s.ActiveAt);
        if (s.PauseReason is null) w.WriteNull("pauseReason"); else w.WriteString("pauseReason", s.PauseReason);
        w.WriteNull("errorReason");
        w.WriteNumber("bounceCount", 0);
        w.WriteNumber("clickCount", 0);
        w.WriteNumber("deliverCount", 0);
        w.WriteNumber("failureCount", 0);
        w.WriteNumber("openCount", 0);
        w.WriteNumber("optOutCount", 0);
        w.WriteNumber("replyCount", 0);
        w.WriteNumber("scheduleCount", 0);
        Time(w, "createdAt", s.CreatedAt);
        Time(w, "updatedAt", s.UpdatedAt);
        w.WriteEndObject();
        w.WriteStartObject("relationships");
        ToOne(w, "prospect", "prospect", s.ProspectId);
        ToOne(w, "sequence", "sequence", s.SequenceId);
        ToOne(w, "mailbox", "mailbox", s.MailboxId);
        ToOne(w, "user", "user", s.UserId);
        w.WriteEndObject();
        End(w, baseUrl, "sequenceStates", s.Id);
    }

    public static void Batch(Utf8JsonWriter w, SandboxBatch b, string baseUrl)
    {
        Begin(w, "batch", b.Id);
        w.WriteString("action", b.Action);
        w.WriteString("state", b.State);
        w.WriteNumber("total", b.Total);
        w.WriteNumber("pending", b.Pending);
        w.WriteNumber("failures", b.Failures);
        w.WriteNumber("confirmCount", b.Total);
        w.WriteBoolean("confirmedCountRequired", false);
        // The ids are left out of the payload, so a poll of a 100,000-item batch stays small.
        w.WriteStartObject("payload");
        w.WriteNumber("sequenceId", b.SequenceId);
        if (b.MailboxId is long m) w.WriteNumber("mailboxId", m); else w.WriteNull("mailboxId");
        w.WriteEndObject();
        w.WriteStartObject("summary");
        w.WriteNumber("processed", b.Processed);
        w.WriteNumber("succeeded", b.Processed - b.Failures);
        w.WriteNumber("failed", b.Failures);
        if (b.FailureReason is null) w.WriteNull("error"); else w.WriteString("error", b.FailureReason);
        w.WriteEndObject();
        Time(w, "startedAt", b.StartedAt);
        Time(w, "finishedAt", b.FinishedAt);
        Time(w, "canceledAt", b.CanceledAt);
        Time(w, "confirmedAt", b.ConfirmedAt);
        Time(w, "createdAt", b.CreatedAt);
        Time(w, "updatedAt", b.UpdatedAt);
        w.WriteEndObject();
        w.WriteStartObject("relationships");
        ToMany(w, "batchItems", $"{baseUrl}/batchItems?filter%5BbatchId%5D={b.Id}");
        ToOne(w, "creator", "user", b.CreatorId);
        w.WriteEndObject();
        End(w, baseUrl, "batches", b.Id);
    }

    public static void BatchItem(Utf8JsonWriter w, SandboxBatchItem i, string baseUrl)
    {
        Begin(w, "batchItem", i.Id);
        w.WriteNumber("batchId", i.BatchId);
        w.WriteString("state", i.State);
        w.WriteBoolean("failed", i.Failed);
        if (i.Info is null) w.WriteNull("info"); else w.WriteString("info", i.Info);
        // Outreach does not document this string's format; clients must not map items to records by it.
        w.WriteString("data", "{\"id\":" + i.ProspectId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}");
        Time(w, "createdAt", i.CreatedAt);
        w.WriteEndObject();
        w.WriteStartObject("relationships");
        ToOne(w, "batch", "batch", i.BatchId);
        w.WriteEndObject();
        End(w, baseUrl, "batchItems", i.Id);
    }
}
