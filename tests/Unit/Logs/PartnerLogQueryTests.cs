using LeanData.Outreach.Logs;
using LeanData.Outreach.Store;
using Xunit;

namespace LeanData.Outreach.Tests.Logs;

public sealed class PartnerLogQueryTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly LDStore _store;
    private readonly LogSeed _seed;

    public PartnerLogQueryTests()
    {
        _store = new LDStore(_temp.File("store.db"));
        _seed = new LogSeed(_store);
    }

    public void Dispose() => _temp.Dispose();

    private PartnerLogEntry[] Read(PartnerLogFilter? filter = null) => new PartnerLogQuery(_store).Read(filter ?? new PartnerLogFilter()).ToArray();

    [Fact]
    public void A_row_has_the_reports_fields()
    {
        var b = LogSeed.Base;
        var converted = _seed.Action(node: "Inbound", recordId: "00Q000000000007AAA", targetId: "0035g000000007AAAA", targetType: "Contact",
            outcome: "Success", attempts: 2, lastStatus: 201, totalDuration: 250);
        _seed.Callout(converted, 503, 40, "Scheduled maintenance", null, b);
        _seed.Callout(converted, 201, 60, "sequenceState 55", null, b.AddSeconds(30));

        var row = Assert.Single(Read());
        Assert.Equal("Add to Sequence", row.ActionType);
        Assert.Equal("Inbound", row.NodeName);
        Assert.Equal(200, row.ResponseStatusCode);
        Assert.Equal("Contact 0035g000000007AAAA", row.TargetObject);
        Assert.Equal([503, 201], row.CalloutHistory.Select(c => c.StatusCode));
        Assert.Equal(60, row.CalloutDurationMs);
        Assert.Equal(250, row.TotalCalloutDurationMs);
        Assert.Empty(row.FailureReasons);
        Assert.False(row.LogLengthHit);
    }

    [Fact]
    public void Status_is_200_on_success_empty_while_pending_and_the_failing_code_otherwise()
    {
        var pending = _seed.Action(outcome: "Pending", attempts: 1, lastStatus: 429, next: LogSeed.Base.AddHours(1));
        _seed.Callout(pending, 429);
        var dropped = _seed.Action(outcome: "Error", attempts: 7, lastStatus: 0, failureReason: "Retry attempt exceeded", category: "RetryAttemptsExceeded");
        _seed.Callout(dropped, 0, reason: null);
        var token = _seed.Action(outcome: "Error", attempts: 1, lastStatus: 401, failureReason: "Token is not valid", category: "TokenInvalid");
        _seed.Callout(token, 401, reason: "Token is not valid");
        var edgeWithoutCall = _seed.Action(outcome: "Edge", edge: "MissingProspectId", category: "MissingProspectId");

        var rows = Read().ToDictionary(r => r.ActionId);
        Assert.Null(rows[pending].ResponseStatusCode);
        Assert.Equal(0, rows[dropped].ResponseStatusCode);
        Assert.Equal(["Retry attempt exceeded"], rows[dropped].FailureReasons);
        Assert.Equal(401, rows[token].ResponseStatusCode);
        Assert.Equal(["Token is not valid"], rows[token].FailureReasons);
        Assert.False(rows.ContainsKey(edgeWithoutCall));   // no callout: not in the partner log

        Assert.Equal([pending], Read(new PartnerLogFilter { Statuses = [PartnerLogStatus.Pending] }).Select(r => r.ActionId));
        Assert.Equal([dropped, token], Read(new PartnerLogFilter { Statuses = [PartnerLogStatus.Failed] }).Select(r => r.ActionId));
        Assert.Equal([token], Read(new PartnerLogFilter { FailureReasons = ["token*"] }).Select(r => r.ActionId));
        Assert.Equal([dropped], Read(new PartnerLogFilter { FailureReasons = ["Retry attempt exceeded"] }).Select(r => r.ActionId));

        var totals = new PartnerLogQuery(_store).Totals(new PartnerLogFilter());
        Assert.Equal(3, totals.Actions);
        Assert.Equal(3, totals.Callouts);
        Assert.Equal((0, 2, 1), (totals.Succeeded, totals.Failed, totals.Pending));
        Assert.Equal(1, totals.FailureReasons["Token is not valid"]);
    }

    [Fact]
    public void Reaching_the_callout_cap_keeps_the_history_bounded_and_reports_log_length_hit()
    {
        new ConfigurationRepository(_store).SetCalloutHistoryCap(3);
        var noisy = _seed.Action(outcome: "Pending", attempts: 5, next: LogSeed.Base.AddHours(1));
        var quiet = _seed.Action(outcome: "Success", attempts: 1, recordId: "00Q000000000009AAA");
        for (var i = 0; i < 5; i++) _seed.Callout(noisy, 503, at: LogSeed.Base.AddSeconds(i));
        _seed.Callout(quiet, 201);

        Assert.Equal(3, _seed.Scalar($"SELECT COUNT(*) FROM callouts WHERE action_id = {noisy}"));
        var rows = Read().ToDictionary(r => r.ActionId);
        Assert.True(rows[noisy].LogLengthHit);
        Assert.Equal(3, rows[noisy].CalloutCount);
        Assert.Contains(CalloutHistoryCap.FailureReason, rows[noisy].FailureReasons);
        Assert.False(rows[quiet].LogLengthHit);
        Assert.Equal([noisy], Read(new PartnerLogFilter { FailureReasons = ["Log length hit"] }).Select(r => r.ActionId));
    }

    [Fact]
    public void Node_record_and_time_filters_return_exactly_their_rows()
    {
        var b = LogSeed.Base;
        var a = _seed.Action(node: "Inbound", recordId: "00Q000000000001AAA", outcome: "Success", attempts: 1, created: b);
        var c = _seed.Action(node: "Outbound", recordId: "00Q000000000002AAA", outcome: "Success", attempts: 1, created: b.AddHours(1));
        var d = _seed.Action(node: "Inbound", recordId: "00Q000000000003AAA", outcome: "Success", attempts: 1, created: b.AddHours(2));
        Assert.Equal([a, d], Read(new PartnerLogFilter { NodeNames = ["inbound"] }).Select(r => r.ActionId));
        Assert.Equal([c], Read(new PartnerLogFilter { RecordIds = ["00Q000000000002AAA"] }).Select(r => r.ActionId));
        Assert.Equal([c], Read(new PartnerLogFilter { Since = b.AddMinutes(30), Until = b.AddHours(2) }).Select(r => r.ActionId));
        Assert.Equal([a], Read(new PartnerLogFilter { First = 1 }).Select(r => r.ActionId));
    }

    [Fact]
    public void No_secret_in_a_callout_row()
    {
        var id = _seed.Action(outcome: "Error", attempts: 1, lastStatus: 401);
        _seed.Callout(id, 401, response: "{\"access_token\":\"at-secret-123\",\"error\":\"invalid\"} Bearer at-secret-456", path: "/oauth/token?code=code-secret-789");
        var text = System.Text.Json.JsonSerializer.Serialize(Read());
        foreach (var secret in new[] { "at-secret-123", "at-secret-456", "code-secret-789" }) Assert.DoesNotContain(secret, text);
    }
}
