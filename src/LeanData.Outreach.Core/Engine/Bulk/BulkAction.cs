using System.Diagnostics;
using LeanData.Outreach.Configuration;
using LeanData.Outreach.Engine.Execution;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outcomes;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outreach.Client;
using LeanData.Outreach.Outreach.Model;
using LeanData.Outreach.Store;

namespace LeanData.Outreach.Engine.Bulk;

/// <summary>
/// One Bulk API action for one (sequence, mailbox): members whose earlier outcome is unknown are looked up first; the rest
/// go in one POST (never re-sent blindly: a lost answer means finding the batch it may have made and looking the
/// sequenceStates up); the batch is polled; successes come from the sequenceState lookup, failures from the failed items
/// (classified by the same catalog as a 422), anything else goes to the per-record path. An authorization found invalid once
/// the POST was accepted (its poll or lookup refused), or on the POST of a run that was authorized before, leaves the members
/// Pending for after Connect-LDOutreach (<see cref="ActionFinals.Unauthorized"/>), never an Error.
/// </summary>
internal sealed class BulkAction(BulkAction.Context context, long sequenceId, long mailboxId, List<(int Index, BulkMember Member)> members)
{
    public sealed record Context(OutreachClient Client, BulkOptions Options, BulkDailyCap Cap, BulkAvailability Availability, CalloutCollector? Callouts,
        TimeProvider Time, RetryPolicy Policy, Action<IReadOnlyCollection<long>> RenewLeases, RunAuthorization Authorization, bool KeepPendingWhenUnauthorized);

    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly Dictionary<int, BulkVerdict> _verdicts = [];
    private long? _batchId;

    public async Task RunAsync(BulkVerdict?[] verdicts, CancellationToken cancellationToken)
    {
        var scope = context.Callouts?.Begin();
        var posted = false;
        List<(int Index, BulkMember Member)> toSend = members;
        try
        {
            toSend = await RecoverEarlierAsync(cancellationToken).ConfigureAwait(false);
            if (toSend.Count < context.Options.Threshold || !context.Cap.TryReserve(toSend.Count))
            {
                foreach (var (index, member) in toSend.Where(m => m.Member.CheckExisting)) Verdict(index).Continue = member.Action; // already looked up
                return;
            }
            var sentAt = context.Time.GetUtcNow();
            posted = true;
            var started = await context.Client.StartAddToSequenceBatchAsync(toSend.Select(m => m.Member.Action.ProspectId!.Value).ToList(), sequenceId, mailboxId,
                cancellationToken).ConfigureAwait(false);
            if (started.Failure is { } refused)
            {
                posted = refused.Category == FailureCategory.Transient;
                await RefusedAsync(toSend, refused, sentAt, cancellationToken).ConfigureAwait(false);
                return;
            }
            _batchId = started.Value!.Id;
            context.Authorization.Accepted();
            var (done, pollRefused) = await PollAsync(started.Value, toSend, cancellationToken).ConfigureAwait(false);
            if (done is null)
            {
                if (pollRefused is { InvalidatesAuthorization: true }) LeftUnauthorized(toSend, pollRefused);
                else StillUnknown(toSend, $"Bulk action {_batchId} did not finish within {context.Options.MaxWait}");
                return;
            }
            await MapAsync(toSend, done, (done.CreatedAt ?? started.Value.CreatedAt ?? sentAt - OutreachClient.CreatedBySkew) - TimeSpan.FromSeconds(1),
                cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Not yet sent: untouched, so the per-record path stores them Pending ("stopped before sending").
            if (posted) StillUnknown(toSend.Where(m => !_verdicts.ContainsKey(m.Index)).ToList(), _batchId is { } id ? $"Stopped while bulk action {id} was processing" : "Stopped while the bulk action was being sent");
        }
        finally
        {
            var callouts = scope?.Callouts ?? [];
            scope?.Dispose();
            foreach (var (index, verdict) in _verdicts)
            {
                verdict.Callouts.AddRange(callouts);
                verdicts[index] = verdict;
            }
        }
    }

    /// <summary>Members whose earlier attempt's outcome is unknown: a sequenceState found is their result; returns the members still to send.</summary>
    private async Task<List<(int Index, BulkMember Member)>> RecoverEarlierAsync(CancellationToken cancellationToken)
    {
        var unknown = members.Where(m => m.Member.CheckExisting).ToList();
        if (unknown.Count == 0) return members;
        IReadOnlyList<OutreachSequenceState> states;
        try
        {
            states = await LookupAsync(unknown, cancellationToken).ConfigureAwait(false);
        }
        catch (OutreachApiException)
        {
            return members.Where(m => !m.Member.CheckExisting).ToList(); // the per-record path looks each of them up itself
        }
        var found = new HashSet<int>();
        context.Authorization.Accepted();
        foreach (var (index, member) in unknown)
        {
            var since = member.Action.CreatedAt - OutreachClient.CreatedBySkew;
            var state = states.Where(s => s.ProspectId == member.Action.ProspectId && (s.IsActive || s.CreatedAt >= since)).MaxBy(s => (s.IsActive, s.Id));
            if (state is null) continue;
            Verdict(index).Final = ActionFinals.Succeeded(member.Action, member.Action.Attempts, state.Id, 200, _watch.ElapsedMilliseconds, member.Action.Via ?? SendPath.Bulk,
                "The earlier attempt had enrolled the prospect; its sequenceState was found instead of sending again.");
            found.Add(index);
        }
        return members.Where(m => !found.Contains(m.Index)).ToList();
    }

    private async Task RefusedAsync(List<(int Index, BulkMember Member)> sent, OutreachFailure failure, DateTimeOffset sentAt, CancellationToken cancellationToken)
    {
        var now = context.Time.GetUtcNow();
        if (failure.Category == FailureCategory.Transient)
        {
            await UnknownOutcomeAsync(sent, sentAt, failure, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (failure.NotSent)
        {
            context.Cap.Release(sent.Count);
            foreach (var (index, member) in sent)
                Verdict(index).Final = ActionFinals.Pending(member.Action, member.Action.Attempts, failure.RetryAt ?? now + context.Policy.IntervalSpan, failure.Category,
                    failure.Message, 0, null, null);
            return;
        }
        var dailyLimit = OutreachErrorClassifier.IsDailyBulkLimit(failure);
        if (dailyLimit || failure.StatusCode is 400 or 403 or 404 or 422)
        {
            // Nothing was made: the per-record path sends them (and gives each its exact answer).
            if (dailyLimit) context.Cap.MarkReached();
            else context.Cap.Release(sent.Count);
            if (failure.StatusCode == 403) context.Availability.Refused(failure);
            foreach (var (index, member) in sent)
            {
                var v = Verdict(index);
                v.Continue = member.Action;
                v.CheckExistingAfter = false;
            }
            return;
        }
        context.Cap.Release(sent.Count);
        if (failure.InvalidatesAuthorization && context.Authorization.BecameInvalid(failure, context.KeepPendingWhenUnauthorized))
        {
            // The authorization became invalid mid-run: nothing was made, no attempt spent; Pending for after Connect-LDOutreach.
            foreach (var (index, member) in sent)
                Verdict(index).Final = ActionFinals.Unauthorized(member.Action, member.Action.Attempts, failure, now, 0, sent: true);
            return;
        }
        // 429, maintenance, an invalid token at the start of a run...: the same rules as a single POST's answer.
        foreach (var (index, member) in sent)
        {
            var attempts = member.Action.Attempts + 1;
            var v = Verdict(index);
            v.Attempts.Add(new AttemptRow(attempts, sentAt, failure.StatusCode, failure.Category, failure.Message, _watch.ElapsedMilliseconds, SendPath.Bulk));
            v.Final = ActionFinals.AfterFailure(member.Action, attempts, failure, null, now, context.Policy, _watch.ElapsedMilliseconds, SendPath.Bulk);
        }
    }

    /// <summary>The POST got no answer: find the batch it may have made and wait for it, look the sequenceStates up, and send only what is missing.</summary>
    private async Task UnknownOutcomeAsync(List<(int Index, BulkMember Member)> sent, DateTimeOffset sentAt, OutreachFailure failure, CancellationToken cancellationToken)
    {
        try
        {
            var candidates = new List<OutreachBatch>();
            await foreach (var batch in context.Client.ListBatchesCreatedSinceAsync(sentAt - OutreachClient.CreatedBySkew, cancellationToken).ConfigureAwait(false))
                if (batch.Total == sent.Count && !batch.IsDone) candidates.Add(batch);
            foreach (var candidate in candidates)
            {
                var (done, pollRefused) = await PollAsync(candidate, sent, cancellationToken).ConfigureAwait(false);
                if (done is not null) continue;
                if (pollRefused is { InvalidatesAuthorization: true }) LeftUnauthorized(sent, pollRefused);
                else StillUnknown(sent, $"The bulk action's answer was lost ({failure.Message}) and batch {candidate.Id} did not finish within {context.Options.MaxWait}");
                return;
            }
        }
        catch (OutreachApiException)
        {
            // Listing batches is only a help: the lookup below decides.
        }
        IReadOnlyList<OutreachSequenceState> states;
        try
        {
            states = await LookupAsync(sent, cancellationToken).ConfigureAwait(false);
        }
        catch (OutreachApiException ex)
        {
            if (ex.Failure.InvalidatesAuthorization) LeftUnauthorized(sent, ex.Failure);
            else StillUnknown(sent, $"The bulk action's answer was lost ({failure.Message}) and its sequenceStates could not be looked up ({ex.Failure.Message})");
            return;
        }
        var since = sentAt - OutreachClient.CreatedBySkew;
        foreach (var (index, member) in sent)
        {
            var attempts = member.Action.Attempts + 1;
            var v = Verdict(index);
            var state = states.Where(s => s.ProspectId == member.Action.ProspectId && s.CreatedAt >= since).MaxBy(s => s.Id);
            v.Attempts.Add(new AttemptRow(attempts, sentAt, failure.StatusCode == 0 ? null : failure.StatusCode, FailureCategory.None,
                state is null
                    ? $"The bulk action's answer was lost ({failure.Message}); the prospect has no new sequenceState, so it is sent on its own."
                    : $"The bulk action's answer was lost ({failure.Message}); its sequenceState {state.Id} was found.", _watch.ElapsedMilliseconds, SendPath.Bulk));
            if (state is not null)
                v.Final = ActionFinals.Succeeded(member.Action, attempts, state.Id, 200, _watch.ElapsedMilliseconds, SendPath.Bulk,
                    "The bulk action's answer was lost; its sequenceState was found instead of sending again.");
            else
            {
                v.Continue = member.Action with { Attempts = attempts, Via = SendPath.Bulk, LastStatusCode = null };
                v.CheckExistingAfter = true; // the batch may still be processing somewhere: look once more right before the single POST
            }
        }
    }

    private Task<(OutreachBatch? Done, OutreachFailure? Refused)> PollAsync(OutreachBatch batch, List<(int Index, BulkMember Member)> sent, CancellationToken cancellationToken)
    {
        var ids = sent.Select(m => m.Member.Action.Id).ToList();
        return new BatchPoller(context.Client, context.Options, context.Time).WaitAsync(batch, () => context.RenewLeases(ids), cancellationToken);
    }

    private async Task MapAsync(List<(int Index, BulkMember Member)> sent, OutreachBatch done, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var failedItems = new List<OutreachBatchItem>();
        IReadOnlyList<OutreachSequenceState> states;
        try
        {
            if (done.Failures > 0 || !done.Finished)
                await foreach (var item in context.Client.ListFailedBatchItemsAsync(done.Id, cancellationToken).ConfigureAwait(false)) failedItems.Add(item);
            states = await LookupAsync(sent, cancellationToken).ConfigureAwait(false);
        }
        catch (OutreachApiException ex)
        {
            if (ex.Failure.InvalidatesAuthorization) LeftUnauthorized(sent, ex.Failure);
            else StillUnknown(sent, $"Bulk action {done.Id} ended {done.State}, but its results could not be read ({ex.Failure.Message})");
            return;
        }
        var mapping = BulkResultMapper.Map(sent.Select(m => m.Member.Action.ProspectId!.Value).ToList(), states, since, failedItems, context.Options.UseItemDataHint);
        var now = context.Time.GetUtcNow();
        var duration = _watch.ElapsedMilliseconds;
        var startedAt = now - TimeSpan.FromMilliseconds(duration);
        foreach (var (index, member) in sent)
        {
            var attempts = member.Action.Attempts + 1;
            var prospect = member.Action.ProspectId!.Value;
            var v = Verdict(index);
            if (mapping.Enrolled.TryGetValue(prospect, out var state))
            {
                v.Attempts.Add(new AttemptRow(attempts, startedAt, 200, FailureCategory.None, $"Enrolled by bulk action {done.Id} (sequenceState {state.Id}).", duration, SendPath.Bulk));
                v.Final = ActionFinals.Succeeded(member.Action, attempts, state.Id, 200, duration, SendPath.Bulk);
            }
            else if (mapping.Failed.TryGetValue(prospect, out var failure))
            {
                v.Attempts.Add(new AttemptRow(attempts, startedAt, failure.StatusCode, failure.Category, failure.Message, duration, SendPath.Bulk));
                v.Final = ActionFinals.AfterFailure(member.Action, attempts, failure, null, now, context.Policy, duration, SendPath.Bulk);
            }
            else
            {
                v.Attempts.Add(new AttemptRow(attempts, startedAt, 200, FailureCategory.None,
                    $"Not among bulk action {done.Id}'s results (batch {done.State}{(done.Error is null ? "" : ": " + done.Error)}); sent on its own.", duration, SendPath.Bulk));
                v.Continue = member.Action with { Attempts = attempts, Via = SendPath.Bulk };
                v.CheckExistingAfter = false;
            }
        }
    }

    /// <summary>The outcome is unknown: Pending with the attempt counted and no status, due after a delay, so the retry looks before it sends.</summary>
    private void StillUnknown(List<(int Index, BulkMember Member)> sent, string why)
    {
        var now = context.Time.GetUtcNow();
        var message = why + "; the outcome is unknown, so the retry looks up the sequenceStates before sending again.";
        foreach (var (index, member) in sent)
        {
            var attempts = member.Action.Attempts + 1;
            var v = Verdict(index);
            v.Continue = null;
            v.Attempts.Add(new AttemptRow(attempts, now, null, FailureCategory.None, message, _watch.ElapsedMilliseconds, SendPath.Bulk));
            v.Final = ActionFinals.Pending(member.Action, attempts, now + context.Options.UnknownOutcomeRetryDelay, FailureCategory.None, message,
                _watch.ElapsedMilliseconds, null, SendPath.Bulk, outcomeUnknown: true);
        }
    }

    /// <summary>
    /// The POST was (or may have been) accepted, and a later request of this action found the authorization invalid: Pending with the
    /// attempt counted and no status (the retry looks before it sends), due when an unknown bulk outcome is (the batch may still be
    /// processing: a lookup before it ends would miss what it enrolls), for after Connect-LDOutreach; the run sends nothing more.
    /// </summary>
    private void LeftUnauthorized(List<(int Index, BulkMember Member)> sent, OutreachFailure refused)
    {
        context.Authorization.BecameInvalid(refused, keepPendingWhenUnauthorized: true); // the POST got through: mid-run by definition
        var now = context.Time.GetUtcNow();
        foreach (var (index, member) in sent)
        {
            var attempts = member.Action.Attempts + 1;
            var v = Verdict(index);
            v.Continue = null;
            v.Final = ActionFinals.Unauthorized(member.Action, attempts, refused, now + context.Options.UnknownOutcomeRetryDelay, _watch.ElapsedMilliseconds, sent: true,
                outcomeUnknown: true, via: SendPath.Bulk);
            v.Attempts.Add(new AttemptRow(attempts, now, null, FailureCategory.None, v.Final.Message, _watch.ElapsedMilliseconds, SendPath.Bulk));
        }
    }

    private async Task<IReadOnlyList<OutreachSequenceState>> LookupAsync(List<(int Index, BulkMember Member)> of, CancellationToken cancellationToken)
    {
        var states = new List<OutreachSequenceState>();
        await foreach (var state in context.Client.FindSequenceStatesAsync(sequenceId, of.Select(m => m.Member.Action.ProspectId!.Value).ToList(), cancellationToken)
            .ConfigureAwait(false))
            states.Add(state);
        return states;
    }

    private BulkVerdict Verdict(int index)
    {
        if (!_verdicts.TryGetValue(index, out var verdict)) _verdicts[index] = verdict = new BulkVerdict();
        return verdict;
    }
}
