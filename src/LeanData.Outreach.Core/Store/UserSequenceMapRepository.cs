using System.Data.SQLite;
using LeanData.Outreach.Routing;

namespace LeanData.Outreach.Store;

/// <summary>The user_sequence_map table: one primary sequence per Outreach user.</summary>
public sealed class UserSequenceMapRepository(LDStore store)
{
    private const string Columns = "outreach_user_id, user_name, user_email, sequence_id, sequence_name, updated_ms";

    /// <summary>Sets (or replaces) the user's primary sequence and returns the stored mapping.</summary>
    public UserSequenceMapping Set(long userId, long sequenceId, string? sequenceName = null, string? userName = null, string? userEmail = null)
    {
        if (userId <= 0) throw new ArgumentOutOfRangeException(nameof(userId), userId, "An Outreach user id is a positive whole number.");
        if (sequenceId <= 0) throw new ArgumentOutOfRangeException(nameof(sequenceId), sequenceId, "An Outreach sequence id is a positive whole number.");
        var now = DateTimeOffset.UtcNow;
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO user_sequence_map(outreach_user_id, user_name, user_email, sequence_id, sequence_name, updated_ms)
            VALUES(@user, @userName, @email, @sequence, @sequenceName, @now)
            ON CONFLICT(outreach_user_id) DO UPDATE SET user_name = excluded.user_name, user_email = excluded.user_email,
                sequence_id = excluded.sequence_id, sequence_name = excluded.sequence_name, updated_ms = excluded.updated_ms
            """;
        command.Parameters.AddWithValue("@user", userId);
        command.Parameters.AddWithValue("@userName", (object?)userName ?? DBNull.Value);
        command.Parameters.AddWithValue("@email", (object?)userEmail ?? DBNull.Value);
        command.Parameters.AddWithValue("@sequence", sequenceId);
        command.Parameters.AddWithValue("@sequenceName", (object?)sequenceName ?? DBNull.Value);
        command.Parameters.AddWithValue("@now", now.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
        return new UserSequenceMapping(userId, userName, userEmail, sequenceId, sequenceName, DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()));
    }

    /// <summary>The primary sequence of one Outreach user, or null. One query; for many records use <see cref="Load"/>.</summary>
    public UserSequenceMapping? FindSequenceFor(long outreachUserId)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM user_sequence_map WHERE outreach_user_id = @user";
        command.Parameters.AddWithValue("@user", outreachUserId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    /// <summary>Every mapping, optionally only those for the given users and/or sequences, ordered by user id.</summary>
    public IReadOnlyList<UserSequenceMapping> List(IReadOnlyCollection<long>? userIds = null, IReadOnlyCollection<long>? sequenceIds = null)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        var where = new List<string>();
        if (userIds is { Count: > 0 }) where.Add($"outreach_user_id IN ({InList(command, "@u", userIds)})");
        if (sequenceIds is { Count: > 0 }) where.Add($"sequence_id IN ({InList(command, "@s", sequenceIds)})");
        command.CommandText = $"SELECT {Columns} FROM user_sequence_map {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")} ORDER BY outreach_user_id";
        using var reader = command.ExecuteReader();
        var list = new List<UserSequenceMapping>();
        while (reader.Read()) list.Add(Read(reader));
        return list;
    }

    /// <summary>A snapshot of the whole map for a run (the planner's per-record lookups read it, not the store).</summary>
    public UserSequenceMap Load() => new(List());

    /// <summary>Removes the user's mapping; false when there was none.</summary>
    public bool Remove(long userId)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM user_sequence_map WHERE outreach_user_id = @user";
        command.Parameters.AddWithValue("@user", userId);
        return command.ExecuteNonQuery() > 0;
    }

    private static string InList(SQLiteCommand command, string prefix, IReadOnlyCollection<long> ids)
    {
        var names = new List<string>();
        foreach (var (id, i) in ids.Distinct().Select((id, i) => (id, i)))
        {
            var name = prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            command.Parameters.AddWithValue(name, id);
            names.Add(name);
        }
        return string.Join(',', names);
    }

    private static UserSequenceMapping Read(SQLiteDataReader r) => new(
        r.GetInt64(0),
        r.IsDBNull(1) ? null : r.GetString(1),
        r.IsDBNull(2) ? null : r.GetString(2),
        r.GetInt64(3),
        r.IsDBNull(4) ? null : r.GetString(4),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)));
}
