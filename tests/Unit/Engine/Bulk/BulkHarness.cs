using LeanData.Outreach.Configuration;
using LeanData.Outreach.Engine.Bulk;
using LeanData.Outreach.Engine.Execution;
using LeanData.Outreach.Engine.Planning;
using LeanData.Outreach.Engine.Records;
using LeanData.Outreach.Sandbox.Model;
using S = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Sequences;
using U = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Users;

namespace LeanData.Outreach.Tests.Engine.Bulk;

/// <summary>Extra sandbox prospects and the executor with and without its bulk path, for the bulk tests.</summary>
internal static class BulkHarness
{
    public const long FirstExtra = 10_000;

    public static readonly RetryPolicy Policy = new(TimeSpan.FromMinutes(15), 6);

    /// <summary>Adds <paramref name="count"/> plain prospects (with an email) from <paramref name="first"/> on; returns their ids.</summary>
    public static List<long> AddProspects(EngineHarness h, int count, long first = FirstExtra, Action<SandboxProspect>? shape = null)
    {
        var ids = new List<long>();
        lock (h.Host.Data.Sync)
        {
            for (var i = 0; i < count; i++)
            {
                var p = new SandboxProspect { Id = first + i, FirstName = "Bulk", LastName = $"P{first + i}", Emails = [$"p{first + i}@example.com"], OwnerId = U.Sender };
                shape?.Invoke(p);
                h.Host.Data.Prospects[p.Id] = p;
                ids.Add(p.Id);
            }
        }
        return ids;
    }

    public static BulkEnroller BulkPath(EngineHarness h, BulkOptions? options = null) => new(h.Client, options ?? new BulkOptions(), h.Store, h.Callouts);

    public static EnrollmentExecutor Executor(EngineHarness h, BulkEnroller? bulk, ExecutorOptions? options = null) =>
        new(h.Gateway, h.Actions, options ?? new ExecutorOptions { RetryPolicy = Policy, RateLimitUserId = 1 }, h.Callouts, bulk: bulk);

    public static async Task<Planner> PlannerAsync(EngineHarness h, long sequenceId = S.SharedEmail) =>
        new(new PlanOptions(EngineHarness.Sequence(sequenceId), Rec.Mapping, MailboxMode.RecordOwner), await h.CatalogAsync());

    /// <summary>A Lead owned by <paramref name="owner"/> (whose mailbox sends) for <paramref name="prospectId"/>.</summary>
    public static SalesforceRecord Lead(long prospectId, long owner = U.Sender, long index = 1) => ExecutorSandboxTests.Lead(prospectId, owner, index);

    public static long Requests(EngineHarness h) => h.Host.Counters.RequestCounts().Sum(c => c.Count);

    public static long Scalar(EngineHarness h, string sql)
    {
        using var c = h.Store.OpenConnection();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar());
    }
}
