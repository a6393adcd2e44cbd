using LeanData.Outreach.Store;
using Xunit;

namespace LeanData.Outreach.Tests.Logs;

public sealed class AuditLogRetentionTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly LDStore _store;
    private readonly LogSeed _seed;

    public AuditLogRetentionTests()
    {
        _store = new LDStore(_temp.File("store.db"));
        _seed = new LogSeed(_store);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Removes_old_entries_with_their_attempts_and_callouts_and_keeps_pending_work()
    {
        var b = LogSeed.Base;
        var oldError = _seed.Action(outcome: "Error", created: b.AddDays(-40));
        _seed.Attempt(oldError, 1, 422);
        _seed.Callout(oldError, 422);
        var oldPending = _seed.Action(outcome: "Pending", created: b.AddDays(-40), next: b);
        var recent = _seed.Action(outcome: "Success", created: b);
        _seed.Callout(recent, 201);

        var retention = new AuditLogRetention(_store);
        Assert.Equal(1, retention.CountOlderThan(b.AddDays(-30), includePending: false));
        Assert.Equal(1, retention.RemoveOlderThan(b.AddDays(-30), includePending: false));
        Assert.Equal(0, _seed.Scalar($"SELECT COUNT(*) FROM actions WHERE id = {oldError}"));
        Assert.Equal(0, _seed.Scalar($"SELECT COUNT(*) FROM attempts WHERE action_id = {oldError}"));
        Assert.Equal(0, _seed.Scalar($"SELECT COUNT(*) FROM callouts WHERE action_id = {oldError}"));
        Assert.Equal(1, _seed.Scalar($"SELECT COUNT(*) FROM actions WHERE id = {oldPending}"));
        Assert.Equal(1, _seed.Scalar($"SELECT COUNT(*) FROM callouts WHERE action_id = {recent}"));

        Assert.Equal(1, retention.RemoveOlderThan(b.AddDays(-30), includePending: true));
        Assert.Equal(1, _seed.Scalar("SELECT COUNT(*) FROM actions"));
    }

    [Fact]
    public void Removes_more_than_one_chunk()
    {
        using (var connection = _store.OpenConnection())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000)
                INSERT INTO actions(node_name, outcome, created_ms, updated_ms) SELECT 'N', 'Success', i, i FROM n;
                """;
            command.ExecuteNonQuery();
        }
        Assert.Equal(12_000, new AuditLogRetention(_store).RemoveOlderThan(LogSeed.Base, includePending: false));
        Assert.Equal(0, _seed.Scalar("SELECT COUNT(*) FROM actions"));
    }

    [Fact]
    public void Removing_entries_gives_their_disk_space_back()
    {
        using (var connection = _store.OpenConnection())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
                INSERT INTO actions(node_name, outcome, message, created_ms, updated_ms) SELECT 'N', 'Error', printf('%.500c', 'x'), i, i FROM n;
                INSERT INTO callouts(action_id, started_ms, method, path, status_code, duration_ms, response)
                    SELECT id, created_ms, 'POST', '/api/v2/sequenceStates', 422, 10, printf('%.500c', 'y') FROM actions;
                """;
            command.ExecuteNonQuery();
        }
        var full = FileSizeAfterCheckpoint();
        Assert.True(full > 10_000_000, $"seeded store is {full} bytes");

        var retention = new AuditLogRetention(_store);
        Assert.Equal(10_000, retention.RemoveOlderThan(LogSeed.Base, includePending: false));
        var reclaimed = retention.Compact();

        var after = FileSizeAfterCheckpoint();
        Assert.True(after < full / 10, $"the store is still {after} bytes after removing everything (was {full})");
        Assert.True(reclaimed >= full - after - 1_000_000 && reclaimed <= full, $"reported {reclaimed} bytes reclaimed; the file went from {full} to {after}");
        Assert.Equal(0, retention.Compact());
    }

    private long FileSizeAfterCheckpoint()
    {
        using (var connection = _store.OpenConnection())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            command.ExecuteNonQuery();
        }
        return new FileInfo(_store.Path).Length;
    }
}
