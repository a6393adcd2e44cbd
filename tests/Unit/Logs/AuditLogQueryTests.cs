using LeanData.Outreach.Logs;
using LeanData.Outreach.Store;
using Xunit;

namespace LeanData.Outreach.Tests.Logs;

public sealed class AuditLogQueryTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly LDStore _store;
    private readonly LogSeed _seed;
    private readonly long _success, _error, _optedOut, _edge, _pending, _skipped, _converted, _old;

    public AuditLogQueryTests()
    {
        _store = new LDStore(_temp.File("store.db"));
        _seed = new LogSeed(_store);
        var b = LogSeed.Base;
        _old = _seed.Action(node: "Inbound", recordId: "00Q000000000000AAA", outcome: "Success", created: b.AddDays(-10));
        _success = _seed.Action(node: "Inbound", recordId: "00Q000000000001AAA", outcome: "Success", created: b.AddMinutes(1), attempts: 1, lastStatus: 201);
        _error = _seed.Action(node: "Inbound Leads", recordId: "00Q000000000002AAA", outcome: "Error", category: "UserLocked", message: "The user is locked",
            created: b.AddMinutes(2), attempts: 1, lastStatus: 422, sequenceName: "Enterprise Outbound", sequenceId: 9);
        _optedOut = _seed.Action(node: "Contacts", recordId: "0035g000000000AAAA", recordType: "Contact", outcome: "Error", category: "ProspectOptedOut",
            created: b.AddMinutes(3), attempts: 1, lastStatus: 422);
        _edge = _seed.Action(node: "Inbound", recordId: "00Q000000000004AAA", outcome: "Edge", edge: "QueueOwner", category: "QueueOwner", created: b.AddMinutes(4));
        _pending = _seed.Action(node: "Inbound", recordId: "00Q000000000005AAA", outcome: "Pending", category: "ScheduledMaintenance", attempts: 2,
            created: b.AddMinutes(5), next: b.AddHours(1), lastStatus: 503);
        _skipped = _seed.Action(node: "Merge", recordId: "00Q000000000006AAA", outcome: "Skipped", category: "MergeDupeInPath", created: b.AddMinutes(6));
        _converted = _seed.Action(node: "Inbound", recordId: "00Q000000000007AAA", targetId: "0035g000000007AAAA", targetType: "Contact", outcome: "Success",
            created: b.AddMinutes(7), attempts: 1);
        _seed.Attempt(_pending, 1, 503, "ScheduledMaintenance", "maintenance", 12, b.AddMinutes(5));
        _seed.Attempt(_pending, 2, 503, "ScheduledMaintenance", "maintenance again", 8, b.AddMinutes(35));
        _seed.Attempt(_error, 1, 422, "UserLocked", "The user is locked", 20, b.AddMinutes(2));
    }

    public void Dispose() => _temp.Dispose();

    private long[] Ids(AuditLogFilter filter) => new AuditLogQuery(_store).Read(filter).Select(e => e.ActionId).ToArray();

    [Fact]
    public void Without_filters_every_entry_comes_oldest_first()
    {
        Assert.Equal([_old, _success, _error, _optedOut, _edge, _pending, _skipped, _converted], Ids(new AuditLogFilter()));
        Assert.Equal([_converted, _skipped], Ids(new AuditLogFilter { Descending = true, First = 2 }));
    }

    [Theory]
    [InlineData(AuditOutcome.Success, "old,success,converted")]
    [InlineData(AuditOutcome.Error, "error,optedOut")]
    [InlineData(AuditOutcome.Pending, "pending")]
    [InlineData(AuditOutcome.Edge, "edge")]
    [InlineData(AuditOutcome.Skipped, "skipped")]
    [InlineData(AuditOutcome.Fallback, "error,optedOut,edge")]
    public void Outcome_filters_return_exactly_their_rows(AuditOutcome outcome, string expected)
    {
        Assert.Equal(Named(expected), Ids(new AuditLogFilter { Outcomes = [outcome] }));
    }

    [Fact]
    public void Text_filters_match_exactly_or_by_wildcard_and_combine_with_and()
    {
        Assert.Equal(Named("old,success,edge,pending,converted"), Ids(new AuditLogFilter { NodeNames = ["inbound"] }));
        Assert.Equal(Named("old,success,error,edge,pending,converted"), Ids(new AuditLogFilter { NodeNames = ["Inbound*"] }));
        Assert.Equal(Named("error"), Ids(new AuditLogFilter { NodeNames = ["Inbound*"], Outcomes = [AuditOutcome.Error] }));
        Assert.Equal(Named("error"), Ids(new AuditLogFilter { Sequences = ["enterprise*"] }));
        Assert.Equal(Named("error"), Ids(new AuditLogFilter { Sequences = ["9"] }));
        Assert.Equal(Named("optedOut"), Ids(new AuditLogFilter { ErrorCategories = ["ProspectOptedOut"] }));
        Assert.Equal(Named("edge"), Ids(new AuditLogFilter { Edges = ["QueueOwner"] }));
        Assert.Equal(Named("pending"), Ids(new AuditLogFilter { ActionIds = [_pending] }));
    }

    [Fact]
    public void Record_ids_match_the_input_record_or_the_converted_contact_case_sensitively()
    {
        Assert.Equal(Named("converted"), Ids(new AuditLogFilter { RecordIds = ["0035g000000007AAAA"] }));
        Assert.Equal(Named("converted"), Ids(new AuditLogFilter { RecordIds = ["00Q000000000007AAA"] }));
        Assert.Empty(Ids(new AuditLogFilter { RecordIds = ["00q000000000007aaa"] }));
        Assert.Equal(Named("success,error"), Ids(new AuditLogFilter { RecordIds = ["00Q000000000001AAA", "00Q000000000002AAA"] }));
    }

    [Fact]
    public void Filters_take_lists_of_any_size()
    {
        // 3,000 record ids once broke SQLite's expression depth; 40,000 action ids its limit on bound parameters.
        var recordIds = Enumerable.Range(100, 3000).Select(i => $"00Q{i:D12}AAA").Append("00Q000000000002AAA").ToList();
        Assert.Equal(Named("error"), Ids(new AuditLogFilter { RecordIds = recordIds }));
        Assert.Equal(Named("error"), Ids(new AuditLogFilter { RecordIds = recordIds.Append("0035g*").ToList(), Outcomes = [AuditOutcome.Error], ErrorCategories = ["UserLocked"] }));
        var actionIds = Enumerable.Range(1, 40_000).Select(i => (long)i).ToList();
        Assert.Equal(Named("old,success,error,optedOut,edge,pending,skipped,converted"), Ids(new AuditLogFilter { ActionIds = actionIds }));
        Assert.Equal(8, new AuditLogQuery(_store).Count(new AuditLogFilter { ActionIds = actionIds }));
        var names = Enumerable.Range(0, 3000).Select(i => $"Node {i}").Append("contacts").ToList();
        Assert.Equal(Named("optedOut"), Ids(new AuditLogFilter { NodeNames = names }));
        var sequences = Enumerable.Range(10, 40_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("9").ToList();
        Assert.Equal(Named("error"), Ids(new AuditLogFilter { Sequences = sequences }));
        var patterns = Enumerable.Range(0, 3000).Select(i => $"Nothing {i}*").Append("enterprise*").ToList();
        Assert.Equal(Named("error"), Ids(new AuditLogFilter { Sequences = patterns }));
    }

    [Fact]
    public void Time_filters_are_half_open_and_first_limits()
    {
        var b = LogSeed.Base;
        Assert.Equal(Named("success,error,optedOut"), Ids(new AuditLogFilter { Since = b.AddMinutes(1), Until = b.AddMinutes(4) }));
        Assert.Equal(Named("success,error"), Ids(new AuditLogFilter { Since = b, First = 2 }));
        Assert.Equal(Named("old"), Ids(new AuditLogFilter { Until = b }));
        Assert.Equal(3, new AuditLogQuery(_store).Count(new AuditLogFilter { Since = b.AddMinutes(1), Until = b.AddMinutes(4) }));
    }

    [Fact]
    public void An_entry_carries_its_outcome_wording_attempt_trail_and_remedy()
    {
        var entries = new AuditLogQuery(_store).Read(new AuditLogFilter()).ToDictionary(e => e.ActionId);
        Assert.Equal("Success (Outreach)", entries[_success].OutcomeDisplay);
        Assert.Equal("Error (Outreach)", entries[_error].OutcomeDisplay);
        Assert.Equal("Pending (Outreach)", entries[_pending].OutcomeDisplay);
        Assert.Equal("Error (Fallback: QueueOwner)", entries[_edge].OutcomeDisplay);
        Assert.Null(entries[_success].RecommendedAction);
        Assert.Contains("Queue", entries[_edge].RecommendedAction);
        Assert.False(string.IsNullOrEmpty(entries[_error].RecommendedAction));

        var pending = entries[_pending];
        Assert.Equal(2, pending.AttemptCount);
        Assert.Equal([1, 2], pending.Attempts.Select(a => a.Number));
        Assert.Equal(503, pending.LastHttpStatus);
        Assert.Equal(LogSeed.Base.AddMinutes(35), pending.LastAttemptAt);
        Assert.Equal(LogSeed.Base.AddHours(1), pending.NextAttemptAt);
        Assert.Equal("maintenance again", pending.Attempts[1].Message);
        Assert.Contains("#2", pending.Attempts.ToString());
        Assert.Empty(entries[_edge].Attempts);
    }

    [Fact]
    public void Reading_streams_rows_as_it_goes()
    {
        using var enumerator = new AuditLogQuery(_store).Read(new AuditLogFilter()).GetEnumerator();
        Assert.True(enumerator.MoveNext());
        // A writer can still add rows while the reader holds its snapshot (WAL): the reader is not buffering the whole table first.
        _seed.Action(recordId: "00Q000000000099AAA", created: LogSeed.Base.AddDays(1));
        var rest = 1;
        while (enumerator.MoveNext()) rest++;
        Assert.Equal(8, rest);
    }

    [Fact]
    public void Secrets_in_stored_text_never_reach_an_entry()
    {
        var id = _seed.Action(outcome: "Error", category: "UnauthorizedRequest",
            message: "401 for Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.sig and {\"refresh_token\":\"rt-very-secret\"}");
        _seed.Attempt(id, 1, 401, "UnauthorizedRequest", "client_secret=super-secret&code=abc123");
        var entry = new AuditLogQuery(_store).Read(new AuditLogFilter { ActionIds = [id] }).Single();
        var text = System.Text.Json.JsonSerializer.Serialize(entry);
        foreach (var secret in new[] { "eyJhbGciOiJIUzI1NiJ9", "rt-very-secret", "super-secret", "abc123" })
            Assert.DoesNotContain(secret, text);
        Assert.Contains(SecretRedactor.Mask, entry.Message);
    }

    [Fact]
    public void Filters_use_indexes_not_table_scans()
    {
        using var connection = _store.OpenConnection();
        foreach (var filter in new[]
        {
            new AuditLogFilter { Outcomes = [AuditOutcome.Error], Since = LogSeed.Base },
            new AuditLogFilter { NodeNames = ["Inbound"] },
            new AuditLogFilter { ErrorCategories = ["ProspectOptedOut"] },
            new AuditLogFilter { RecordIds = ["00Q000000000001AAA"] },
            new AuditLogFilter { RecordIds = ["00Q000000000001AAA", "00Q000000000002AAA"] },
            new AuditLogFilter { ActionIds = [1, 2, 3] },
            new AuditLogFilter { Since = LogSeed.Base },
        })
        {
            using var command = connection.CreateCommand();
            var sql = AuditLogQuery.BuildSql(command, filter);
            command.CommandText = "EXPLAIN QUERY PLAN " + sql;
            using var reader = command.ExecuteReader();
            var plan = new List<string>();
            while (reader.Read()) plan.Add(reader.GetString(3));
            Assert.DoesNotContain(plan, line => line.StartsWith("SCAN a", StringComparison.Ordinal) && !line.Contains("USING", StringComparison.Ordinal));
        }
    }

    private long[] Named(string names) => names.Split(',').Select(n => n switch
    {
        "old" => _old, "success" => _success, "error" => _error, "optedOut" => _optedOut, "edge" => _edge,
        "pending" => _pending, "skipped" => _skipped, "converted" => _converted, _ => throw new ArgumentException(n),
    }).ToArray();
}
