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
/// The bulk path of the executor: of the actions offered, each (sequence, mailbox) group of at least
/// <see cref="BulkOptions.Threshold"/> distinct prospects becomes one Bulk API action (several past
/// <see cref="BulkOptions.MaxIdsPerAction"/>); the rest is left to the per-record path. See <see cref="BulkAction"/> for one action.
/// </summary>
public sealed class BulkEnroller : IBulkSender
{
    private readonly OutreachClient _client;
    private readonly BulkOptions _options;
    private readonly BulkDailyCap _cap;
    private readonly CalloutCollector? _callouts;
    private readonly TimeProvider _time;
    // One gate for every call: batches sent side by side share the MaxConcurrentActions bulk actions in flight.
    private readonly SemaphoreSlim _gate;

    public BulkEnroller(OutreachClient client, BulkOptions options, LDStore? store, CalloutCollector? callouts, TimeProvider? time = null)
    {
        _client = client;
        _options = options.Validated();
        _time = time ?? TimeProvider.System;
        _cap = new BulkDailyCap(_options.DailyItemCap, store, _time);
        _callouts = callouts;
        _gate = new SemaphoreSlim(_options.MaxConcurrentActions, _options.MaxConcurrentActions);
        Availability = new BulkAvailability(client);
    }

    public BulkOptions Options => _options;

    public int Threshold => _options.Threshold;

    public BulkAvailability Availability { get; }

    /// <summary>Sends the eligible groups in bulk; cancellation before a group's POST leaves its members untouched.</summary>
    public async Task<BulkVerdict?[]> EnrollAsync(IReadOnlyList<BulkMember> members, RetryPolicy policy, Action<IReadOnlyCollection<long>> renewLeases,
        RunAuthorization authorization, bool keepPendingWhenUnauthorized, CancellationToken cancellationToken)
    {
        var verdicts = new BulkVerdict?[members.Count];
        if (cancellationToken.IsCancellationRequested) return verdicts;
        var groups = BulkGrouping.Of(members.Count, i => (members[i].Action.SequenceId, members[i].Action.MailboxId, members[i].Action.ProspectId), _options).ToList();
        if (groups.Count == 0 || !Availability.IsAvailable) return verdicts;

        var context = new BulkAction.Context(_client, _options, _cap, Availability, _callouts, _time, policy, renewLeases, authorization, keepPendingWhenUnauthorized);
        await Task.WhenAll(groups.Select(async group =>
        {
            try
            {
                await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return; // not sent: the per-record path stores these Pending
            }
            try
            {
                await new BulkAction(context, group.SequenceId, group.MailboxId, group.Indexes.Select(i => (i, members[i])).ToList())
                    .RunAsync(verdicts, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }
        })).ConfigureAwait(false);
        return verdicts;
    }
}
