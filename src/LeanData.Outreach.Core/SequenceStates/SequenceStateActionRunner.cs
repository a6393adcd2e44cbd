using System.Diagnostics;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outreach.Model;
using LeanData.Outreach.Outreach.Client;

namespace LeanData.Outreach.SequenceStates;

/// <summary>
/// Pauses, resumes or finishes sequenceStates: bounded concurrency, each outcome classified by the error
/// catalog (a failed guard, Outreach's 422, is GeneralValidationError with Outreach's detail and a note on
/// the state the action needs), each action and its callouts recorded through <see cref="SequenceStateActionLog"/>
/// when one is given. Results come back in input order, one batch at a time, so callers can stream them.
/// </summary>
public sealed class SequenceStateActionRunner
{
    private readonly OutreachClient client;
    private readonly CalloutCapture capture;
    private readonly SequenceStateActionLog? log;
    private readonly TimeProvider time;

    /// <param name="client">The Outreach client.</param>
    /// <param name="capture">The observer the client's session reports callouts to (so each action gets its own).</param>
    /// <param name="log">Where actions are recorded; null records nothing.</param>
    public SequenceStateActionRunner(OutreachClient client, CalloutCapture capture, SequenceStateActionLog? log, TimeProvider? time = null)
    {
        this.client = client;
        this.capture = capture;
        this.log = log;
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>Concurrent calls within a batch.</summary>
    public int MaxConcurrency { get; init; } = 8;

    /// <summary>
    /// Runs <paramref name="action"/> on every target and returns the results in input order (with their
    /// audit ids when a log is set). Cancellation stops at the next call; finished calls are recorded first.
    /// </summary>
    public async Task<IReadOnlyList<SequenceStateActionResult>> RunAsync(SequenceStateAction action, IReadOnlyList<SequenceStateTarget> targets, string nodeName, CancellationToken cancellationToken)
    {
        var entries = new (SequenceStateActionResult Result, IReadOnlyCollection<CalloutRecord> Callouts)[targets.Count];
        var done = new bool[targets.Count];
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, targets.Count),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, MaxConcurrency), CancellationToken = cancellationToken },
                async (i, ct) =>
                {
                    entries[i] = await RunOneAsync(action, targets[i], nodeName, ct).ConfigureAwait(false);
                    done[i] = true;
                }).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Record what did happen in Outreach before giving up.
            Record(Enumerable.Range(0, targets.Count).Where(i => done[i]).Select(i => entries[i]).ToList());
            throw;
        }
        return Record(entries);
    }

    private IReadOnlyList<SequenceStateActionResult> Record(IReadOnlyList<(SequenceStateActionResult Result, IReadOnlyCollection<CalloutRecord> Callouts)> entries) =>
        log is null ? entries.Select(e => e.Result).ToList() : log.Record(entries);

    private async Task<(SequenceStateActionResult, IReadOnlyCollection<CalloutRecord>)> RunOneAsync(SequenceStateAction action, SequenceStateTarget target, string nodeName, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var watch = Stopwatch.StartNew();
        using var scope = capture.Begin(out var callouts);
        var result = action switch
        {
            SequenceStateAction.Pause => await client.PauseSequenceStateAsync(target.Id, cancellationToken).ConfigureAwait(false),
            SequenceStateAction.Resume => await client.ResumeSequenceStateAsync(target.Id, cancellationToken).ConfigureAwait(false),
            SequenceStateAction.Finish => await client.FinishSequenceStateAsync(target.Id, cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
        };
        watch.Stop();
        return (ToResult(action, target, nodeName, result, started, watch.ElapsedMilliseconds), callouts.ToArray());
    }

    internal static SequenceStateActionResult ToResult(SequenceStateAction action, SequenceStateTarget target, string nodeName,
        OutreachResult<OutreachSequenceState> result, DateTimeOffset started, long durationMs)
    {
        var common = new SequenceStateActionResult
        {
            SequenceStateId = target.Id,
            Action = action,
            ActionType = action.ActionType(),
            NodeName = nodeName,
            Outcome = SequenceStateActionResult.SuccessOutcome,
            ProspectId = target.ProspectId,
            SequenceId = target.SequenceId,
            MailboxId = target.MailboxId,
            StatusCode = result.StatusCode,
            StartedAt = started,
            DurationMs = durationMs,
        };
        if (result.IsSuccess && result.Value is { } state)
            return common with
            {
                State = state.State,
                ProspectId = state.ProspectId ?? target.ProspectId,
                SequenceId = state.SequenceId ?? target.SequenceId,
                MailboxId = state.MailboxId ?? target.MailboxId,
            };

        var failure = result.Failure!;
        var descriptor = failure.Descriptor;
        var remedy = failure.RecommendedAction;
        if (failure.StatusCode == 422 && failure.Category == FailureCategory.GeneralValidationError)
            remedy = $"To {action.Verb()} a sequenceState, it must be {action.Precondition()}: check its State with Get-LDSequenceState -Id {target.Id}. " + remedy;
        else if (descriptor.IsRetryable)
            remedy = $"State changes are not retried automatically: run the command again{(failure.RetryAt is { } at ? " after " + at.ToUniversalTime().ToString("u", System.Globalization.CultureInfo.InvariantCulture) : " shortly")}. " + remedy;
        return common with
        {
            Outcome = SequenceStateActionResult.ErrorOutcome,
            ErrorCategory = failure.Category,
            ErrorId = descriptor.ErrorId,
            Message = $"Could not {action.Verb()} sequenceState {target.Id}: {failure.Message ?? descriptor.Title}",
            RecommendedAction = remedy,
            FailureReason = descriptor.FailureReason,
        };
    }
}
