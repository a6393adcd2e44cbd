using System.Globalization;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outcomes;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Store;

namespace LeanData.Outreach.SequenceStates;

/// <summary>
/// Records sequenceState actions through <see cref="ActionRepository"/>, so the audit log and the partner log
/// show them beside Add to Sequence actions. Each action is stored finished (Success or Error, never Pending:
/// the retry worker does not replay state changes), with action_type "Pause Sequence State" etc., the
/// sequenceState as the target object, one attempt row and its callouts. One transaction per batch.
/// </summary>
public sealed class SequenceStateActionLog(LDStore store)
{
    public const string TargetRecordType = "sequenceState";

    private readonly ActionRepository actions = new(store);

    /// <summary>Stores the results and returns them with <see cref="SequenceStateActionResult.ActionId"/> set, in the same order.</summary>
    public IReadOnlyList<SequenceStateActionResult> Record(IReadOnlyList<(SequenceStateActionResult Result, IReadOnlyCollection<CalloutRecord> Callouts)> entries)
    {
        if (entries.Count == 0) return [];
        var rows = actions.InsertFinished(entries.Select(e => ToCompletion(e.Result, e.Callouts)).ToList());
        return entries.Select((e, i) => e.Result with { ActionId = rows[i].Id }).ToList();
    }

    private static ActionCompletion ToCompletion(SequenceStateActionResult r, IReadOnlyCollection<CalloutRecord> callouts)
    {
        var category = r.ErrorCategory ?? FailureCategory.None;
        var row = new ActionRow
        {
            ActionType = r.ActionType,
            NodeName = r.NodeName,
            TargetRecordId = r.SequenceStateId.ToString(CultureInfo.InvariantCulture),
            TargetRecordType = TargetRecordType,
            ProspectId = r.ProspectId,
            SequenceId = r.SequenceId,
            MailboxId = r.MailboxId,
            Outcome = r.IsSuccess ? ActionOutcome.Success : ActionOutcome.Error,
            Category = category,
            Message = r.Message,
            FailureReason = r.FailureReason,
            Attempts = 1,
            SequenceStateId = r.SequenceStateId,
            LastStatusCode = r.StatusCode,
            TotalDurationMs = r.DurationMs,
            CreatedAt = r.StartedAt,
        };
        return new ActionCompletion(row, [new AttemptRow(1, r.StartedAt, r.StatusCode, category, r.Message, r.DurationMs)],
            callouts.OrderBy(c => c.Started).ToList());
    }
}
