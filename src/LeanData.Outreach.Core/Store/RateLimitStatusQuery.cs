using LeanData.Outreach.Configuration;
using LeanData.Outreach.Logs;

namespace LeanData.Outreach.Store;

/// <summary>
/// Reads each Outreach user's budget: requests recorded in the store (callouts) within the client window,
/// against the client budget, beside the last server headers from rate_limit_status. Every call is made
/// with the authorized user's token, so the store's callouts count against that user.
/// </summary>
public sealed class RateLimitStatusQuery(LDStore store)
{
    public IReadOnlyList<RateLimitStatus> Read(DateTimeOffset now)
    {
        var settings = new ConfigurationRepository(store).GetRateLimit();
        var authorized = new ConnectionRepository(store).Get()?.AuthorizedUserId;
        using var connection = store.OpenConnection();
        var server = new Dictionary<long, (int? Limit, int? Remaining, long? Reset, long Observed)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT outreach_user_id, server_limit, server_remaining, server_reset_ms, observed_ms FROM rate_limit_status";
            using var r = command.ExecuteReader();
            while (r.Read()) server[r.GetInt64(0)] = (SqlRead.Int(r, 1), SqlRead.Int(r, 2), SqlRead.Long(r, 3), r.GetInt64(4));
        }
        long used;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT COUNT(*) FROM callouts WHERE started_ms >= @since";
            command.Parameters.AddWithValue("@since", SqlRead.Ms(now - settings.WindowSpan));
            used = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        var users = server.Keys.ToList();
        if (authorized is { } id && !users.Contains(id)) users.Add(id);
        if (users.Count == 0 && used > 0) users.Add(0);
        // With one budget user every stored callout is theirs; with several, the store's callouts go to the authorized user.
        var owner = authorized ?? (users.Count == 1 ? users[0] : (long?)null);
        var result = new List<RateLimitStatus>();
        foreach (var user in users.OrderBy(u => u))
        {
            var count = owner == user ? used : 0;
            server.TryGetValue(user, out var s);
            var known = server.ContainsKey(user);
            result.Add(new RateLimitStatus
            {
                OutreachUserId = user,
                UserName = UserName(connection, user),
                ClientLimit = settings.Limit,
                ClientWindowSpan = settings.WindowSpan,
                ClientUsed = count,
                ClientRemaining = Math.Max(0, settings.Limit - count),
                ServerLimit = known ? s.Limit : null,
                ServerRemaining = known ? s.Remaining : null,
                ServerResetAt = known && s.Reset is { } reset ? SqlRead.Time(reset) : null,
                ServerObservedAt = known ? SqlRead.Time(s.Observed) : null,
            });
        }
        return result;
    }

    private static string? UserName(System.Data.SQLite.SQLiteConnection connection, long user)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(name, email) FROM catalog_users WHERE id = @id";
        command.Parameters.AddWithValue("@id", user);
        return command.ExecuteScalar() as string;
    }
}
