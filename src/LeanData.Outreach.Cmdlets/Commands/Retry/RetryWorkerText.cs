using System.Globalization;
using LeanData.Outreach.Engine.Retry;
using LeanData.Outreach.UseCases;

namespace LeanData.Outreach.Cmdlets.Commands.Retry;

/// <summary>What Start-LDRetryWorker says: its -WhatIf/-Confirm lines, its progress and its summary when stopped.</summary>
internal static class RetryWorkerText
{
    public const string Action = "Retry Add to Sequence";

    public const string BulkAction = "Retry Add to Sequence in bulk";

    public static string Target(DueAction due) => string.Format(CultureInfo.CurrentCulture,
        "action {0}: {1} {2} to sequence '{3}' at node '{4}' (attempt {5} of {6}{7})",
        due.Entry.ActionId, due.Entry.RecordType, due.Entry.RecordId, due.Entry.SequenceName, due.Entry.NodeName, due.Attempt, due.AllowedAttempts,
        due.Entry.ErrorCategory is null ? "" : ", last failure " + due.Entry.ErrorCategory);

    public static string NothingDue(bool picked) =>
        picked ? "Retry the given actions (none of them is Pending)" : "Wait for due Pending actions and send them";

    public static (string Status, int Percent) Progress(RetryWorkerProgress p) => (
        string.Format(CultureInfo.CurrentCulture, "{0} sent: {1} succeeded, {2} still pending, {3} failed; {4} due", p.Claimed, p.Succeeded, p.StillPending, p.Failed, p.DueRemaining),
        p.Claimed + p.DueRemaining == 0 ? -1 : (int)(100 * p.Claimed / (p.Claimed + p.DueRemaining)));

    public static string Stopped(RetryWorkerSummary s) => string.Format(CultureInfo.CurrentCulture,
        "Start-LDRetryWorker stopped after {0} drain(s): {1} processed, {2} succeeded, {3} failed, {4} still pending; {5} Pending in the store{6}.",
        s.Drains, s.Processed, s.Succeeded, s.Failed, s.StillPending, s.PendingInStore, s.NextDueAt is { } next ? $", next due {next.ToLocalTime():g}" : "");
}
