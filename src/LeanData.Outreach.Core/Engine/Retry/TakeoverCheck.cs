using LeanData.Outreach.Engine.Execution;
using LeanData.Outreach.Engine.Planning;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Store;

namespace LeanData.Outreach.Engine.Retry;

/// <summary>
/// An action taken over from an expired lease may have been sent by its crashed holder just before it died,
/// with nothing recorded. The executor looks for an existing sequenceState only when the stored attempt's
/// outcome is unknown; this covers the rest: before re-sending a taken-over action, look it up, and if the
/// prospect is already in the sequence since the action was created, record Success without sending.
/// </summary>
internal sealed class TakeoverCheck(IEnrollmentGateway gateway, ActionRepository actions)
{
    /// <summary>Returns the ids that still need sending; the ones found enrolled are completed as Success.</summary>
    public async Task<(IReadOnlyList<long> ToSend, int FoundEnrolled)> FilterAsync(IReadOnlyList<LeasedAction> claimed, CancellationToken cancellationToken)
    {
        var takeovers = claimed.Where(c => c.TakenOver).Select(c => c.Id).ToList();
        if (takeovers.Count == 0) return (claimed.Select(c => c.Id).ToList(), 0);
        var rows = actions.Get(takeovers);
        var done = new List<ActionCompletion>();
        foreach (var row in rows)
        {
            if (row.Outcome != ActionOutcome.Pending || row.ProspectId is not { } prospect || row.SequenceId is not { } sequence) continue;
            var found = await gateway.FindSequenceStatesAsync(prospect, sequence, cancellationToken).ConfigureAwait(false);
            if (!found.IsSuccess || found.Value is null) continue;   // unknown: the executor's own rules decide
            var since = row.CreatedAt - TimeSpan.FromMinutes(1);
            var existing = found.Value.FirstOrDefault(s => s.CreatedAt is { } created && created >= since);
            if (existing is null) continue;
            done.Add(new ActionCompletion(row with
            {
                Outcome = ActionOutcome.Success, Category = FailureCategory.None, SequenceStateId = existing.Id, NextAttemptAt = null,
                Message = "A worker that stopped mid-send had enrolled the prospect; its sequenceState was found instead of sending again.",
                FailureReason = null, LastStatusCode = 200,
            }, [], []));
        }
        if (done.Count > 0) actions.Complete(done);
        var completed = done.Select(d => d.Action.Id).ToHashSet();
        return (claimed.Select(c => c.Id).Where(id => !completed.Contains(id)).ToList(), done.Count);
    }
}
