using System.Globalization;
using System.Text.Json;
using LeanData.Outreach.Sandbox.Hosting;
using LeanData.Outreach.Sandbox.Model;

namespace LeanData.Outreach.Sandbox.Api;

/// <summary>Creates, deletes and transitions sequenceStates, enforcing Outreach's add-to-sequence rules.</summary>
public sealed class SequenceStateService
{
    private readonly SandboxData _data;
    private readonly SandboxCounters _counters;
    private readonly TimeProvider _time;

    public SequenceStateService(SandboxData data, SandboxCounters counters, TimeProvider time)
    {
        _data = data;
        _counters = counters;
        _time = time;
    }

    /// <summary>POST /sequenceStates. <paramref name="actingUserId"/> is the token's user.</summary>
    public ApiResult Create(JsonElement root, long actingUserId, string baseUrl)
    {
        var (request, error) = SequenceStateRequest.Read(root);
        if (error is not null) return error;
        var (prospectId, sequenceId, mailboxId) = request!;
        if (prospectId is null) return ApiErrors.Validation("Prospect can't be blank.", "/data/relationships/prospect");
        if (sequenceId is null) return ApiErrors.Validation("Sequence can't be blank.", "/data/relationships/sequence");

        lock (_data.Sync)
        {
            var (state, refusal) = Enroll(prospectId.Value, sequenceId.Value, mailboxId, actingUserId);
            return refusal is not null ? ApiErrors.From(refusal) : Single(201, state!, baseUrl);
        }
    }

    /// <summary>
    /// Outreach's add-to-sequence rules, in the order README's table lists them, for POST /sequenceStates and
    /// for every item of a prospectsAddToSequence batch: the new state, or the refusal POST /sequenceStates answers.
    /// Caller holds <see cref="SandboxData.Sync"/>.
    /// </summary>
    public (SandboxSequenceState? State, EnrollmentRefusal? Refusal) Enroll(long prospectId, long sequenceId, long? mailboxId, long actingUserId)
    {
        var refusal = Check(prospectId, sequenceId, mailboxId, actingUserId, out var sequence, out var mailbox);
        if (refusal is not null) return (null, refusal);

        var now = _time.GetUtcNow();
        var state = _data.AddState(new SandboxSequenceState
        {
            ProspectId = prospectId,
            SequenceId = sequence!.Id,
            MailboxId = mailbox?.Id,
            UserId = mailbox?.UserId ?? actingUserId,
            State = sequence.Enabled ? "active" : "pending",
            CreatedAt = now,
            UpdatedAt = now,
            StateChangedAt = now,
            ActiveAt = sequence.Enabled ? now : null,
        });
        _counters.CountCreated(prospectId, sequence.Id);
        return (state, null);
    }

    private EnrollmentRefusal? Check(long prospectId, long sequenceId, long? mailboxId, long actingUserId, out SandboxSequence? sequence, out SandboxMailbox? mailbox)
    {
        mailbox = null;
        sequence = null;
        if (!_data.Users.TryGetValue(actingUserId, out var actor) || !actor.CanSequence)
            return EnrollmentRefusal.UnauthorizedRequest;
        if (!_data.Sequences.TryGetValue(sequenceId, out sequence)) return EnrollmentRefusal.NotFound("sequence", sequenceId);
        if (!_data.Prospects.TryGetValue(prospectId, out var prospect) || prospect.Deleted)
            return EnrollmentRefusal.NotFound("prospect", prospectId);
        if (mailboxId is long mid && !_data.Mailboxes.TryGetValue(mid, out mailbox)) return EnrollmentRefusal.NotFound("mailbox", mid);
        if (prospect.MergedIntoId is long survivor)
            return EnrollmentRefusal.Validation($"{EnrollmentMessages.ProspectMerged} {survivor.ToString(CultureInfo.InvariantCulture)}", "/data/relationships/prospect");

        var hasEmail = _data.SequenceHasEmailStep(sequence.Id);
        if (hasEmail && mailbox is null) return EnrollmentRefusal.Validation(EnrollmentMessages.MailboxRequired, "/data/relationships/mailbox");

        if (mailbox is not null)
        {
            if (_data.Users.TryGetValue(mailbox.UserId, out var owner) && owner.Locked)
                return EnrollmentRefusal.Validation(EnrollmentMessages.ForMailbox(EnrollmentMessages.UserLocked, mailbox.Id));
            if (sequence.ShareType == "private" && sequence.OwnerId != mailbox.UserId)
                return EnrollmentRefusal.Validation(EnrollmentMessages.ForMailbox(EnrollmentMessages.UserNotOwner, mailbox.Id));
            if (hasEmail && mailbox.SendDisabled)
                return EnrollmentRefusal.Validation(EnrollmentMessages.ForMailbox(EnrollmentMessages.MailboxSendDisabled, mailbox.Id));
            if (hasEmail && mailbox.InvalidSendCredentials)
                return EnrollmentRefusal.Validation(EnrollmentMessages.ForMailbox(EnrollmentMessages.MailboxInvalidCredentials, mailbox.Id));
        }
        else if (sequence.ShareType == "private" && sequence.OwnerId != actingUserId)
        {
            return EnrollmentRefusal.Validation(EnrollmentMessages.UserNotOwner);
        }

        if (prospect.Locked) return EnrollmentRefusal.Validation(EnrollmentMessages.ProspectLocked);
        var ruleset = _data.Rulesets.GetValueOrDefault(sequence.RulesetId) ?? new SandboxRuleset();
        if (hasEmail && prospect.OptedOut && ruleset.EmailOptOutAction != "allw") return EnrollmentRefusal.Validation(EnrollmentMessages.OptedOut);
        if (hasEmail && prospect.Emails.Count == 0) return EnrollmentRefusal.Validation(EnrollmentMessages.MissingEmail, "/data/relationships/prospect");

        var states = _data.StatesOf(prospect.Id);
        foreach (var s in states)
        {
            if (s.SequenceId != sequence.Id) continue;
            if (ruleset.PermitDuplicateProspects == "disallow") return EnrollmentRefusal.Validation(EnrollmentMessages.AlreadyInSequence);
            if (ruleset.PermitDuplicateProspects == "only_if_inactive" && s.IsActive) return EnrollmentRefusal.Validation(EnrollmentMessages.StillActiveInSequence);
        }
        foreach (var s in states)
        {
            if (s.SequenceId == sequence.Id || !s.IsActive) continue;
            var otherRules = _data.Sequences.TryGetValue(s.SequenceId, out var other) ? _data.Rulesets.GetValueOrDefault(other.RulesetId) : null;
            var otherExclusivity = otherRules?.SequenceExclusivity ?? "none";
            if (ruleset.SequenceExclusivity == "all_sequences" || otherExclusivity == "all_sequences")
                return EnrollmentRefusal.Validation(EnrollmentMessages.ActiveInAnotherSequence);
            if (ruleset.SequenceExclusivity == "exclusive_sequences" && otherExclusivity == "exclusive_sequences")
                return EnrollmentRefusal.Validation(EnrollmentMessages.ActiveInAnotherExclusiveSequence);
        }
        if (prospect.CustomValidationError is { } custom) return EnrollmentRefusal.Validation(custom);
        return null;
    }

    /// <summary>DELETE /sequenceStates/{id}: 204.</summary>
    public ApiResult Delete(long id, long actingUserId)
    {
        lock (_data.Sync)
        {
            if (!_data.Users.TryGetValue(actingUserId, out var actor) || !actor.CanSequence) return ApiErrors.UnauthorizedRequest();
            return _data.RemoveState(id) ? ApiResult.Empty(204) : ApiErrors.NotFound("sequenceState", id);
        }
    }

    /// <summary>POST /sequenceStates/{id}/actions/{pause|resume|finish} with Outreach's guards.</summary>
    public ApiResult Act(long id, string action, long actingUserId, string baseUrl)
    {
        lock (_data.Sync)
        {
            if (!_data.Users.TryGetValue(actingUserId, out var actor) || !actor.CanSequence) return ApiErrors.UnauthorizedRequest();
            if (!_data.SequenceStates.TryGetValue(id, out var state)) return ApiErrors.NotFound("sequenceState", id);
            var (allowed, target, needs) = action switch
            {
                "pause" => (state.State == "active", "paused", "'active'"),
                "resume" => (state.State == "paused", "active", "'paused'"),
                "finish" => (state.IsActive, "finished", "an unfinished state"),
                _ => (false, "", ""),
            };
            if (target.Length == 0) return ApiErrors.UnknownRoute($"/sequenceStates/{id}/actions/{action}");
            if (!allowed)
                return ApiErrors.Validation($"{EnrollmentMessages.CannotTransition}: {action} needs {needs}, but sequenceState {id} is '{state.State}'.");
            var now = _time.GetUtcNow();
            state.State = target;
            state.PauseReason = target == "paused" ? "manual" : null;
            state.StateChangedAt = now;
            state.UpdatedAt = now;
            if (target == "active") state.ActiveAt = now;
            return Single(200, state, baseUrl);
        }
    }

    private static ApiResult Single(int status, SandboxSequenceState state, string baseUrl) =>
        ApiResult.Json(status, JsonBuffer.Write((state, baseUrl), static (w, s) =>
        {
            w.WriteStartObject();
            w.WritePropertyName("data");
            ResourceWriter.SequenceState(w, s.state, s.baseUrl);
            w.WriteEndObject();
        }));
}
