using LeanData.Outreach.Engine.Planning;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Store;
using LeanData.Outreach.Outcomes;

namespace LeanData.Outreach.Engine.Execution;

/// <summary>Builds result objects from stored actions and from plans (-WhatIf), with the catalog's remedy.</summary>
public static class ResultFactory
{
    public static AddToSequenceResult From(ActionRow action, long recordIndex = 0, object? source = null, long? earlierActionId = null, LDOutreachException? storeFailure = null) => new()
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
        EarlierActionId = earlierActionId,
        StatusCode = action.LastStatusCode,
        Via = action.Via,
        RecordIndex = recordIndex,
        Source = source,
        StoreFailure = storeFailure,
    };

    /// <summary>A plan's result without anything sent or stored (-WhatIf, or a plan that is already final).</summary>
    public static AddToSequenceResult FromPlan(RecordPlan plan) =>
        From(ToRow(plan, default) with { NextAttemptAt = null }, plan.Record.Index, plan.Record.Source);

    /// <summary>The action row a plan is stored as: ready plans are due now, the others are final.</summary>
    internal static ActionRow ToRow(RecordPlan plan, DateTimeOffset now) => new()
    {
        NodeName = plan.NodeName,
        RecordId = plan.RecordId,
        RecordType = plan.RecordType,
        TargetRecordId = plan.TargetRecordId,
        TargetRecordType = plan.TargetRecordType,
        ProspectId = plan.ProspectId,
        SequenceId = plan.SequenceId,
        SequenceName = plan.SequenceName,
        MailboxId = plan.MailboxId,
        UserId = plan.UserId,
        Outcome = plan.Outcome ?? ActionOutcome.Pending,
        Edge = plan.Edge,
        Category = plan.Category,
        Message = plan.Message,
        FailureReason = plan.IsReady || plan.Category == FailureCategory.None ? null : ErrorCatalog.Get(plan.Category).FailureReason,
        NextAttemptAt = plan.IsReady ? now : null,
        CreatedAt = now,
    };
}
