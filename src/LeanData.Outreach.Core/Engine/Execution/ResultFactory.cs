using LeanData.Outreach.Engine.Planning;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Store;

namespace LeanData.Outreach.Engine.Execution;

/// <summary>Builds result objects from stored actions and from plans (-WhatIf), with the catalog's remedy.</summary>
public static class ResultFactory
{
    public static AddToSequenceResult From(ActionRow action, long recordIndex = 0, object? source = null) => new()
    {
        RecordId = action.RecordId,
        RecordType = action.RecordType,
        TargetRecordId = action.TargetRecordId,
        ProspectId = action.ProspectId,
        SequenceId = action.SequenceId,
        SequenceName = action.SequenceName,
        MailboxId = action.MailboxId,
        UserId = action.UserId,
        Outcome = action.Outcome,
        Edge = action.Edge,
        Category = action.Category,
        ErrorCategory = action.Category == FailureCategory.None ? null : action.Category.ToString(),
        Message = action.Message,
        RecommendedAction = action.Category == FailureCategory.None ? null : ErrorCatalog.Get(action.Category).FormatRecommendedAction(action.NextAttemptAt),
        Attempts = action.Attempts,
        NextAttemptAt = action.NextAttemptAt,
        SequenceStateId = action.SequenceStateId,
        NodeName = action.NodeName,
        ActionId = action.Id == 0 ? null : action.Id,
        StatusCode = action.LastStatusCode,
        RecordIndex = recordIndex,
        Source = source,
    };

    /// <summary>A plan's result without anything sent or stored (-WhatIf, or a plan that is already final).</summary>
    public static AddToSequenceResult FromPlan(RecordPlan plan) => new()
    {
        RecordId = plan.RecordId,
        RecordType = plan.RecordType,
        TargetRecordId = plan.TargetRecordId,
        ProspectId = plan.ProspectId,
        SequenceId = plan.SequenceId,
        SequenceName = plan.SequenceName,
        MailboxId = plan.MailboxId,
        UserId = plan.UserId,
        Outcome = plan.Outcome ?? ActionOutcome.Pending,
        Edge = plan.Edge,
        Category = plan.Category,
        ErrorCategory = plan.Category == FailureCategory.None ? null : plan.Category.ToString(),
        Message = plan.Message,
        RecommendedAction = plan.Category == FailureCategory.None ? null : ErrorCatalog.Get(plan.Category).FormatRecommendedAction(null),
        NodeName = plan.NodeName,
        RecordIndex = plan.Record.Index,
        Source = plan.Record.Source,
    };
}
