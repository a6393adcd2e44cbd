using LeanData.Outreach.Errors;
using LeanData.Outreach.Routing;
using LeanData.Outreach.Store;
using Xunit;

namespace LeanData.Outreach.Tests.Routing;

/// <summary>The insight SQL over actions rows seeded directly.</summary>
public sealed class RoutingInsightQueryTests : IDisposable
{
    private static readonly DateTimeOffset Day1 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Day2 = Day1.AddDays(1);
    private readonly TempDirectory temp = new();
    private readonly LDStore store;

    public RoutingInsightQueryTests()
    {
        store = new LDStore(temp.File("store.db"));
        // node, sequence, user, outcome, edge, category, when
        Seed("Inbound", 1, 2, "Success", null, null, Day1);
        Seed("Inbound", 1, 2, "Success", null, null, Day1);
        Seed("Inbound", 1, 2, "Success", null, null, Day2);
        Seed("Inbound", 1, 3, "Error", null, "ProspectOptedOut", Day2);
        Seed("Inbound", 5, 3, "Error", null, "ProspectOptedOut", Day2);
        Seed("Inbound", 5, 3, "Pending", null, "RateLimitExceeded", Day2);
        Seed("Outbound", 5, 4, "Edge", "MissingProspectId", "MissingProspectId", Day1);
        Seed("Outbound", 5, 4, "Edge", "QueueOwner", "QueueOwner", Day1);
        Seed("Outbound", 5, 4, "Edge", "QueueOwner", "QueueOwner", Day2);
        Seed("Outbound", 1, 4, "Skipped", null, "MergeDupeInPath", Day2);
        Seed("Outbound", 1, 2, "Success", null, null, Day2);
        Seed("State node", 1, 2, "Error", null, "GeneralValidationError", Day2, "Pause Sequence State");
    }

    public void Dispose() => temp.Dispose();

    private List<RoutingInsight> Query(RoutingInsightFilter filter) => new RoutingInsightQuery(store).Query(filter).ToList();

    [Fact]
    public void Per_node_counts_rate_and_top_failure_with_its_remedy()
    {
        var rows = Query(new RoutingInsightFilter { GroupBy = [RoutingDimension.Node] });

        Assert.Equal(["Inbound", "Outbound"], rows.Select(r => r.Node));
        var inbound = rows[0];
        Assert.Equal((6L, 3L, 1L, 2L, 0L, 0L), (inbound.Total, inbound.Succeeded, inbound.Pending, inbound.Failed, inbound.EdgeTaken, inbound.Skipped));
        Assert.Equal(0.5, inbound.SuccessRate);
        Assert.Equal(("ProspectOptedOut", 2L), (inbound.TopErrorCategory, inbound.TopErrorCount));
        Assert.Equal(ErrorCatalog.Get(FailureCategory.ProspectOptedOut).RecommendedAction, inbound.RecommendedAction);
        Assert.Null(inbound.SequenceId);

        var outbound = rows[1];
        Assert.Equal((5L, 1L, 3L, 1L, 1L, 2L), (outbound.Total, outbound.Succeeded, outbound.EdgeTaken, outbound.Skipped, outbound.MissingProspectId, outbound.QueueOwner));
        Assert.Equal(0.2, outbound.SuccessRate);
        Assert.Equal(("QueueOwner", 2L), (outbound.TopErrorCategory, outbound.TopErrorCount));
        Assert.Equal(Day1, outbound.FirstAt);
        Assert.Equal(Day2, outbound.LastAt);
    }

    [Fact]
    public void Group_by_sequence_and_day_in_utc()
    {
        var rows = Query(new RoutingInsightFilter { GroupBy = [RoutingDimension.Sequence, RoutingDimension.Day] });
        var byKey = rows.ToDictionary(r => (r.SequenceId, r.Day));
        Assert.Equal(4, rows.Count);
        Assert.Equal(2, byKey[(1, "2026-11-24")].Total);
        Assert.Equal(4, byKey[(1, "2026-11-25")].Total);
        Assert.Equal(2, byKey[(5, "2026-11-24")].Total);
        Assert.Equal(3, byKey[(5, "2026-11-25")].Total);
        Assert.Equal("Sequence 1", byKey[(1, "2026-11-24")].SequenceName);
        Assert.Equal("Sequence,Day", rows[0].GroupBy);
        Assert.True(rows.Zip(rows.Skip(1)).All(p => p.First.Total >= p.Second.Total), "largest groups first");
    }

    [Fact]
    public void Group_by_error_category_gives_each_categorys_remedy()
    {
        var rows = Query(new RoutingInsightFilter { GroupBy = [RoutingDimension.ErrorCategory] });
        var optedOut = rows.Single(r => r.ErrorCategory == "ProspectOptedOut");
        Assert.Equal(2, optedOut.Total);
        Assert.Equal(ErrorCatalog.Get(FailureCategory.ProspectOptedOut).RecommendedAction, optedOut.RecommendedAction);
        var rateLimited = rows.Single(r => r.ErrorCategory == "RateLimitExceeded");
        Assert.Equal(1, rateLimited.Pending);
        Assert.DoesNotContain("{X-RateLimit-Reset}", rateLimited.RecommendedAction);
        var successes = rows.Single(r => r.ErrorCategory is null);
        Assert.Equal((4L, 1.0, (string?)null), (successes.Total, successes.SuccessRate, successes.TopErrorCategory));
    }

    [Fact]
    public void Filters_time_range_node_sequence_user_and_action_type()
    {
        Assert.Equal(4, Query(new RoutingInsightFilter { GroupBy = [], Since = Day1, Until = Day2 }).Single().Total);
        Assert.Equal(7, Query(new RoutingInsightFilter { GroupBy = [], Since = Day2 }).Single().Total);
        Assert.Equal(6, Query(new RoutingInsightFilter { GroupBy = [], NodeNames = ["INBOUND"] }).Single().Total);
        Assert.Equal(5, Query(new RoutingInsightFilter { GroupBy = [], SequenceIds = [5] }).Single().Total);
        Assert.Equal(4, Query(new RoutingInsightFilter { GroupBy = [], UserIds = [2] }).Single().Total);
        var state = Query(new RoutingInsightFilter { GroupBy = [RoutingDimension.Node], ActionType = "Pause Sequence State" }).Single();
        Assert.Equal(("State node", 1L, "GeneralValidationError"), (state.Node, state.Failed, state.TopErrorCategory));
        Assert.Empty(Query(new RoutingInsightFilter { GroupBy = [], Since = Day2.AddDays(5) }));
    }

    [Fact]
    public void Group_by_user_edge_and_outcome()
    {
        var users = Query(new RoutingInsightFilter { GroupBy = [RoutingDimension.User] }).ToDictionary(r => r.UserId!.Value);
        Assert.Equal((4L, 1.0), (users[2].Total, users[2].SuccessRate));
        Assert.Equal(4, users[4].Total);
        var edges = Query(new RoutingInsightFilter { GroupBy = [RoutingDimension.Edge] }).ToDictionary(r => r.Edge ?? "");
        Assert.Equal((2L, 1L), (edges["QueueOwner"].Total, edges["MissingProspectId"].Total));
        var outcomes = Query(new RoutingInsightFilter { GroupBy = [RoutingDimension.Outcome, RoutingDimension.Node] });
        Assert.Equal(3, outcomes.Single(r => r is { Outcome: "Success", Node: "Inbound" }).Total);
    }

    private void Seed(string node, long sequence, long user, string outcome, string? edge, string? category, DateTimeOffset at, string type = "Add to Sequence")
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO actions(action_type, node_name, sequence_id, sequence_name, user_id, mailbox_id, outcome, edge, error_category, created_ms, updated_ms)
            VALUES(@type, @node, @sequence, @name, @user, @user, @outcome, @edge, @category, @at, @at)
            """;
        command.Parameters.AddWithValue("@type", type);
        command.Parameters.AddWithValue("@node", node);
        command.Parameters.AddWithValue("@sequence", sequence);
        command.Parameters.AddWithValue("@name", $"Sequence {sequence}");
        command.Parameters.AddWithValue("@user", user);
        command.Parameters.AddWithValue("@outcome", outcome);
        command.Parameters.AddWithValue("@edge", (object?)edge ?? DBNull.Value);
        command.Parameters.AddWithValue("@category", (object?)category ?? DBNull.Value);
        command.Parameters.AddWithValue("@at", at.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }
}
