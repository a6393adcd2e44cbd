using LeanData.Outreach.Engine.Planning;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Logs;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Store;
using Xunit;
using LeanData.Outreach.Outcomes;

namespace LeanData.Outreach.Tests.Logs;

/// <summary>The cap works on what the engine's own writer stores.</summary>
public sealed class CalloutHistoryCapTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_engines_writer_keeps_at_most_the_cap_and_the_partner_log_says_log_length_hit()
    {
        var store = new LDStore(_temp.File("store.db"));
        var actions = new ActionRepository(store);
        var now = DateTimeOffset.UtcNow;
        var stored = actions.Insert([
            new ActionRow { NodeName = "Noisy", RecordId = "00Q000000000001AAA", RecordType = "Lead", ProspectId = 1, SequenceId = 1, MailboxId = 1, Outcome = ActionOutcome.Pending, NextAttemptAt = now },
            new ActionRow { NodeName = "Quiet", RecordId = "00Q000000000002AAA", RecordType = "Lead", ProspectId = 2, SequenceId = 1, MailboxId = 1, Outcome = ActionOutcome.Pending, NextAttemptAt = now },
        ]);
        var many = Enumerable.Range(0, CalloutHistoryCap.Default + 10)
            .Select(i => new CalloutRecord("POST", "/api/v2/sequenceStates", 502, now.AddMilliseconds(i), 3, "bad gateway", null)).ToList();
        actions.Complete([
            new ActionCompletion(stored[0] with { Outcome = ActionOutcome.Pending, Attempts = 1, Category = FailureCategory.Transient }, [], many),
            new ActionCompletion(stored[1] with { Outcome = ActionOutcome.Success, Attempts = 1, SequenceStateId = 9 }, [], [many[0] with { StatusCode = 201 }]),
        ]);

        var rows = new PartnerLogQuery(store).Read(new PartnerLogFilter()).ToDictionary(r => r.NodeName);
        Assert.Equal(CalloutHistoryCap.Default, rows["Noisy"].CalloutCount);
        Assert.True(rows["Noisy"].LogLengthHit);
        Assert.Equal([CalloutHistoryCap.FailureReason], rows["Noisy"].FailureReasons);
        Assert.False(rows["Quiet"].LogLengthHit);
        Assert.Equal(1, rows["Quiet"].CalloutCount);
        Assert.Equal(CalloutHistoryCap.Default, new ConfigurationRepository(store).GetCalloutHistoryCap());
    }
}
