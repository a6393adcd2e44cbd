using System.Collections.Concurrent;
using LeanData.Outreach.Store;
using LeanData.Outreach.Tests.Logs;
using Xunit;

namespace LeanData.Outreach.Tests.Retry;

public sealed class ActionLeaseRepositoryTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly LDStore _store;
    private readonly LogSeed _seed;

    public ActionLeaseRepositoryTests()
    {
        _store = new LDStore(_temp.File("store.db"));
        _seed = new LogSeed(_store);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Claims_only_due_pending_actions_with_a_free_or_expired_lease()
    {
        var now = DateTimeOffset.UtcNow;
        var due = _seed.Action(outcome: "Pending", next: now.AddMinutes(-1));
        _seed.Action(outcome: "Pending", next: now.AddMinutes(10));                                   // not yet due
        _seed.Action(outcome: "Success");                                                            // not pending
        _seed.Action(outcome: "Pending", next: now.AddMinutes(-1), leaseOwner: "alive", leaseExpires: now.AddMinutes(1));
        var crashed = _seed.Action(outcome: "Pending", next: now.AddMinutes(-2), leaseOwner: "dead", leaseExpires: now.AddSeconds(-1));

        var claimed = new ActionLeaseRepository(_store).ClaimDue("me", now, TimeSpan.FromMinutes(1), 10);
        Assert.Equal([crashed, due], claimed.Select(c => c.Id));
        Assert.Equal("dead", claimed[0].PreviousOwner);
        Assert.True(claimed[0].TakenOver);
        Assert.False(claimed[1].TakenOver);
        Assert.Empty(new ActionLeaseRepository(_store).ClaimDue("other", now, TimeSpan.FromMinutes(1), 10));
        Assert.Equal(2, _seed.Scalar("SELECT COUNT(*) FROM actions WHERE lease_owner = 'me'"));

        Assert.Equal(2, new ActionLeaseRepository(_store).Release("me"));
        Assert.Equal(2, new ActionLeaseRepository(_store).ClaimDue("other", now, TimeSpan.FromMinutes(1), 10).Count);
    }

    [Fact]
    public void Concurrent_claims_never_return_the_same_action_twice()
    {
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 400; i++) _seed.Action(outcome: "Pending", next: now.AddSeconds(-1), prospect: i);
        var seen = new ConcurrentDictionary<long, string>();
        var duplicates = 0;
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            var repo = new ActionLeaseRepository(_store);
            while (true)
            {
                var claimed = repo.ClaimDue("w" + worker, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5), 7);
                if (claimed.Count == 0) break;
                foreach (var c in claimed) if (!seen.TryAdd(c.Id, "w" + worker)) Interlocked.Increment(ref duplicates);
            }
        });
        Assert.Equal(0, duplicates);
        Assert.Equal(400, seen.Count);
    }

    [Fact]
    public void Summaries_report_pending_count_and_next_due_time()
    {
        var now = DateTimeOffset.UtcNow;
        _seed.Action(outcome: "Pending", next: now.AddMinutes(5));
        _seed.Action(outcome: "Pending", next: now.AddMinutes(2), leaseOwner: "x", leaseExpires: now.AddMinutes(3));
        var repo = new ActionLeaseRepository(_store);
        var (pending, next) = repo.PendingSummary();
        Assert.Equal(2, pending);
        Assert.Equal(now.AddMinutes(2).ToUnixTimeMilliseconds(), next!.Value.ToUnixTimeMilliseconds());
        Assert.Equal(now.AddMinutes(3).ToUnixTimeMilliseconds(), repo.NextClaimableAt()!.Value.ToUnixTimeMilliseconds());
        Assert.Empty(repo.PeekDue(now, 10));
    }
}
