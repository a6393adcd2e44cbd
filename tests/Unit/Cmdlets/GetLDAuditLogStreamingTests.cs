using System.Management.Automation;
using System.Management.Automation.Runspaces;
using LeanData.Outreach.Cmdlets.Commands.Logs;
using LeanData.Outreach.Store;
using LeanData.Outreach.Tests.Logs;
using Xunit;

namespace LeanData.Outreach.Tests.Cmdlets;

/// <summary>
/// Get-LDAuditLog writes each entry while its query is still reading. Observed without clocks: while the first
/// entry is downstream, a write and a passive checkpoint from another connection cannot backfill the new WAL
/// frames, because the audit query's read transaction is still open. A cmdlet that read everything before
/// writing would have closed its reader, and the checkpoint would backfill every frame.
/// </summary>
public sealed class GetLDAuditLogStreamingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public sealed class ReaderProbe(string path)
    {
        public List<bool> ReaderOpenAtEntry { get; } = [];

        public void Check()
        {
            using var connection = new LDStore(path).OpenConnection();
            using (var write = connection.CreateCommand())
            {
                write.CommandText = "INSERT INTO settings(key, value, updated_ms) VALUES('probe', '1', 0) ON CONFLICT(key) DO UPDATE SET value = value + 1";
                write.ExecuteNonQuery();
            }
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            using var r = checkpoint.ExecuteReader();
            r.Read();
            var log = r.GetInt64(1);
            var backfilled = r.GetInt64(2);
            ReaderOpenAtEntry.Add(backfilled < log);
        }
    }

    [Fact]
    public void The_first_entry_reaches_the_pipeline_while_the_query_still_reads()
    {
        var path = _dir.File("store.db");
        var seed = new LogSeed(new LDStore(path));
        for (var i = 0; i < 50; i++) seed.Action(recordId: $"00Q{i:D12}AAA", created: LogSeed.Base.AddMinutes(i));

        var probe = new ReaderProbe(path);
        var state = InitialSessionState.CreateDefault2();
        state.Commands.Add(new SessionStateCmdletEntry("Get-LDAuditLog", typeof(GetLDAuditLogCommand), null));
        state.Variables.Add(new SessionStateVariableEntry("probe", probe, null));
        using var shell = PowerShell.Create(state);
        var entries = shell.AddScript("Get-LDAuditLog -StorePath $args[0] | ForEach-Object { $probe.Check(); $_ }").AddArgument(path).Invoke();

        Assert.Empty(shell.Streams.Error);
        Assert.Equal(50, entries.Count);
        Assert.True(probe.ReaderOpenAtEntry[0], "The first entry was written after the audit query had finished reading.");
        Assert.Equal(50, probe.ReaderOpenAtEntry.Count);
    }
}
