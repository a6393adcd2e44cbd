using LeanData.Outreach.Outcomes;
using System.Data.SQLite;
using LeanData.Outreach.Engine.Execution;
using LeanData.Outreach.Engine.Planning;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Store;
using LeanData.Outreach.Tests.Retry;
using Xunit;

namespace LeanData.Outreach.Tests.Engine;

/// <summary>A store that breaks part-way through a run: every record still has a result, and nothing is sent that cannot be recorded.</summary>
public sealed class StoreFailureDuringRunTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_store_write_that_fails_after_sending_keeps_every_result_and_stops_sending()
    {
        var path = _temp.File("store.db");
        CorruptTable(path, "attempts");   // sending works, recording the attempts does not
        var gateway = new ScriptedGateway();
        var executor = Executor(gateway, path);

        var sent = await executor.ExecuteAsync(Plans(1, 10), CancellationToken.None);

        Assert.Equal(10, gateway.Calls);
        Assert.Equal(10, sent.Count);
        Assert.All(sent, r => Assert.Equal(ActionOutcome.Success, r.Outcome));
        Assert.All(sent, r => Assert.NotNull(r.SequenceStateId));
        Assert.All(sent, r => Assert.Equal(FailureCategory.StoreCorrupt, Assert.IsAssignableFrom<StoreException>(r.GetStoreFailure()).Category));

        var notSent = await executor.ExecuteAsync(Plans(11, 10), CancellationToken.None);

        Assert.Equal(10, gateway.Calls);
        Assert.Equal(10, notSent.Count);
        Assert.All(notSent, r => Assert.Equal((ActionOutcome.Error, "StoreRecordNotSent"), (r.Outcome, r.ErrorCategory)));
        Assert.All(notSent, r => Assert.Contains("malformed", r.Message));
        Assert.Equal(20, executor.Progress.Processed);
    }

    [Fact]
    public async Task A_store_that_cannot_record_a_batch_sends_none_of_it_and_keeps_the_planned_edges()
    {
        var path = _temp.File("store.db");
        CorruptTable(path, "actions");
        var gateway = new ScriptedGateway();
        var executor = Executor(gateway, path);
        var planner = Rec.Planner();
        var plans = Plans(1, 3).Append(planner.Plan(Rec.At(4, ("Id", "00Q000000000004EAA"), ("Outreach_ID__c", "4"), ("OwnerId", "00G000000000005EAA")))).ToList();

        var results = await executor.ExecuteAsync(plans, CancellationToken.None);

        Assert.Equal(0, gateway.Calls);
        Assert.Equal(["StoreRecordNotSent", "StoreRecordNotSent", "StoreRecordNotSent", "QueueOwner"], results.Select(r => r.ErrorCategory));
        Assert.NotNull(results[3].GetStoreFailure());
        Assert.Null(results[0].GetStoreFailure());
    }

    private static EnrollmentExecutor Executor(ScriptedGateway gateway, string path) =>
        new(gateway, new ActionRepository(new LDStore(path)), new ExecutorOptions
        {
            RateLimitUserId = 1,
            LeaseOwner = "run",
        });

    private static List<RecordPlan> Plans(int first, int count)
    {
        var planner = Rec.Planner();
        return Enumerable.Range(first, count)
            .Select(i => planner.Plan(Rec.At(i, ("Id", $"00Q{i:D12}EAA"), ("Outreach_ID__c", i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("OwnerId", "005000000000003AAA"), ("Owner.Outreach_User_ID__c", "1"))))
            .ToList();
    }

    /// <summary>Makes a migrated store, then overwrites the root page of one table with garbage (the rest of the file stays readable).</summary>
    private static void CorruptTable(string path, string table)
    {
        long root, pageSize;
        using (var connection = new LDStore(path).OpenConnection())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = '{table}'";
            root = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            command.CommandText = "PRAGMA page_size";
            pageSize = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            command.ExecuteNonQuery();
        }
        SQLiteConnection.ClearAllPools();
        using var stream = new FileStream(path, FileMode.Open);
        stream.Position = (root - 1) * pageSize;
        stream.Write(Enumerable.Repeat((byte)0xA5, (int)pageSize).ToArray());
    }
}
