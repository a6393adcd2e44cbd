using LeanData.Outreach.Configuration;
using LeanData.Outreach.Store;
using Xunit;

namespace LeanData.Outreach.Tests.Logs;

public sealed class RateLimitStatusQueryTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Shows_client_budget_used_in_the_window_and_the_last_server_headers()
    {
        var store = new LDStore(_temp.File("store.db"));
        var seed = new LogSeed(store);
        new ConfigurationRepository(store).SetRateLimit(new RateLimitSettings(100, TimeSpan.FromMinutes(10)));
        var now = DateTimeOffset.UtcNow;
        var action = seed.Action(outcome: "Success", attempts: 1);
        seed.Callout(action, 201, at: now.AddMinutes(-1));
        seed.Callout(action, 201, at: now.AddMinutes(-2));
        seed.Callout(action, 201, at: now.AddMinutes(-30));   // outside the window
        using (var connection = store.OpenConnection())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "INSERT INTO rate_limit_status VALUES(7, 10000, 9990, @reset, @seen)";
            command.Parameters.AddWithValue("@reset", now.AddMinutes(20).ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("@seen", now.AddMinutes(-1).ToUnixTimeMilliseconds());
            command.ExecuteNonQuery();
        }

        var status = Assert.Single(new RateLimitStatusQuery(store).Read(now));
        Assert.Equal(7, status.OutreachUserId);
        Assert.Equal(100, status.ClientLimit);
        Assert.Equal(2, status.ClientUsed);
        Assert.Equal(98, status.ClientRemaining);
        Assert.Equal(10000, status.ServerLimit);
        Assert.Equal(9990, status.ServerRemaining);
        Assert.Equal(now.AddMinutes(20).ToUnixTimeMilliseconds(), status.ServerResetAt!.Value.ToUnixTimeMilliseconds());
    }
}
