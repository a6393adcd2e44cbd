using System.Data.SQLite;
using LeanData.Outreach.Catalog;
using LeanData.Outreach.Store;

namespace LeanData.Outreach.Routing;

/// <summary>
/// Read-only lookups in the store's catalog cache (catalog_sequences, catalog_users), which Get-LDSequence /
/// Get-LDOutreachUser fill. An empty table means "no cache": callers then accept ids unchecked.
/// </summary>
public sealed class CatalogCacheLookup(LDStore store)
{
    public bool HasSequences => Any("catalog_sequences");
    public bool HasUsers => Any("catalog_users");

    public SequenceInfo? FindSequence(long id) =>
        Sequences("WHERE s.id = @v", id).FirstOrDefault();

    /// <summary>Sequences whose name equals <paramref name="name"/> (case-insensitive).</summary>
    public IReadOnlyList<SequenceInfo> FindSequencesByName(string name) =>
        Sequences("WHERE s.name = @v COLLATE NOCASE", name.Trim());

    public OutreachUserInfo? FindUser(long id) => Users("WHERE id = @v", id).FirstOrDefault();

    /// <summary>Users whose email or name equals <paramref name="text"/> (case-insensitive).</summary>
    public IReadOnlyList<OutreachUserInfo> FindUsersByEmailOrName(string text) =>
        Users("WHERE email = @v COLLATE NOCASE OR name = @v COLLATE NOCASE", text.Trim());

    private bool Any(string table)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT EXISTS(SELECT 1 FROM {table})";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0;
    }

    private List<SequenceInfo> Sequences(string where, object value)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT s.id, s.name, s.enabled, s.locked, s.share_type, s.owner_user_id, s.ruleset_id, s.has_email_step,
                   s.permit_duplicates, s.exclusivity
            FROM catalog_sequences s {where} ORDER BY s.id
            """;
        command.Parameters.AddWithValue("@v", value);
        using var r = command.ExecuteReader();
        var list = new List<SequenceInfo>();
        while (r.Read())
            list.Add(new SequenceInfo(r.GetInt64(0), r.GetString(1), r.GetInt64(2) != 0, r.GetInt64(3) != 0, r.GetString(4),
                Long(r, 5), Long(r, 6), r.GetInt64(7) != 0, Text(r, 8), Text(r, 9)));
        return list;
    }

    private List<OutreachUserInfo> Users(string where, object value)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, name, email, locked, default_mailbox_id FROM catalog_users {where} ORDER BY id";
        command.Parameters.AddWithValue("@v", value);
        using var r = command.ExecuteReader();
        var list = new List<OutreachUserInfo>();
        while (r.Read()) list.Add(new OutreachUserInfo(r.GetInt64(0), Text(r, 1), Text(r, 2), r.GetInt64(3) != 0, Long(r, 4)));
        return list;
    }

    private static long? Long(SQLiteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);
    private static string? Text(SQLiteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
