using System.Data.SQLite;
using LeanData.Outreach.Catalog;
using LeanData.Outreach.Engine.Records;

namespace LeanData.Outreach.Store;

/// <summary>
/// The store's cache of Outreach sequences, users and mailboxes, and the imported Salesforce User → Outreach
/// user map. Reads never call Outreach; <see cref="CatalogRefresher"/> fills the cache. A refresh replaces a
/// catalog's whole snapshot in one transaction, so readers see the old list or the new one, never a mix.
/// </summary>
public sealed class CatalogRepository(LDStore store, TimeProvider? time = null)
{
    public const string SequencesCatalog = "sequences";
    public const string UsersCatalog = "users";
    public const string MailboxesCatalog = "mailboxes";

    private readonly TimeProvider clock = time ?? TimeProvider.System;

    public LDStore Store => store;

    /// <summary>False while the sequence catalog was never filled: callers then accept sequence ids unchecked.</summary>
    public bool HasSequences => Any("catalog_sequences");

    /// <summary>False while the user catalog was never filled: callers then accept user ids unchecked.</summary>
    public bool HasUsers => Any("catalog_users");

    // ---------------------------------------------------------------- sequences

    /// <summary>Every cached sequence (shared or not), ordered by name.</summary>
    public IReadOnlyList<SequenceInfo> GetSequences() =>
        Query(SequenceSelect + " ORDER BY name COLLATE NOCASE, id", null, ReadSequence);

    public SequenceInfo? GetSequence(long id) =>
        Query(SequenceSelect + " WHERE id = @id", c => c.Parameters.AddWithValue("@id", id), ReadSequence).FirstOrDefault();

    /// <summary>Sequences whose name equals <paramref name="name"/> ignoring case (Outreach does not force names to be unique).</summary>
    public IReadOnlyList<SequenceInfo> FindSequencesByName(string name) =>
        Query(SequenceSelect + " WHERE name = @name COLLATE NOCASE ORDER BY id", c => c.Parameters.AddWithValue("@name", name.Trim()), ReadSequence);

    // ---------------------------------------------------------------- users and mailboxes

    public IReadOnlyList<OutreachUserInfo> GetUsers() =>
        Query(UserSelect + " ORDER BY name COLLATE NOCASE, id", null, ReadUser);

    public OutreachUserInfo? GetUser(long id) =>
        Query(UserSelect + " WHERE id = @id", c => c.Parameters.AddWithValue("@id", id), ReadUser).FirstOrDefault();

    /// <summary>Users whose email or name equals <paramref name="text"/> ignoring case.</summary>
    public IReadOnlyList<OutreachUserInfo> FindUsers(string text) =>
        Query(UserSelect + " WHERE email = @t COLLATE NOCASE OR name = @t COLLATE NOCASE ORDER BY id", c => c.Parameters.AddWithValue("@t", text.Trim()), ReadUser);

    public IReadOnlyList<MailboxInfo> GetMailboxes() =>
        Query(MailboxSelect + " ORDER BY email COLLATE NOCASE, id", null, ReadMailbox);

    public MailboxInfo? GetMailbox(long id) =>
        Query(MailboxSelect + " WHERE id = @id", c => c.Parameters.AddWithValue("@id", id), ReadMailbox).FirstOrDefault();

    public IReadOnlyList<MailboxInfo> GetMailboxesForUser(long userId) =>
        Query(MailboxSelect + " WHERE user_id = @u ORDER BY id", c => c.Parameters.AddWithValue("@u", userId), ReadMailbox);

    /// <summary>
    /// The mailbox that sends as a user: the user's default mailbox, else their first mailbox with sending and
    /// syncing on, else their first mailbox; null when the cache knows none.
    /// </summary>
    public MailboxInfo? GetDefaultMailbox(long userId)
    {
        if (GetUser(userId) is { DefaultMailboxId: { } defaultId } && GetMailbox(defaultId) is { } mailbox) return mailbox;
        var owned = GetMailboxesForUser(userId);
        return owned.FirstOrDefault(m => m.UsableForSequences) ?? owned.FirstOrDefault();
    }

    /// <summary>Every cached user with the mailbox that sends as them (see <see cref="GetDefaultMailbox"/>), ordered by name.</summary>
    public IReadOnlyList<OutreachSender> GetSenders()
    {
        var mailboxes = GetMailboxes();
        var byId = mailboxes.ToDictionary(m => m.Id);
        var byUser = mailboxes.Where(m => m.UserId is not null).GroupBy(m => m.UserId!.Value).ToDictionary(g => g.Key, g => g.OrderBy(m => m.Id).ToList());
        return GetUsers().Select(user =>
        {
            MailboxInfo? mailbox = null;
            if (user.DefaultMailboxId is { } id) byId.TryGetValue(id, out mailbox);
            if (mailbox is null && byUser.TryGetValue(user.Id, out var owned)) mailbox = owned.FirstOrDefault(m => m.UsableForSequences) ?? owned[0];
            return OutreachSender.From(user, mailbox);
        }).ToList();
    }

    // ---------------------------------------------------------------- Salesforce users

    /// <summary>The Outreach user id imported for a Salesforce User id (15 or 18 characters); null when unknown or malformed.</summary>
    public long? FindOutreachUserId(string? salesforceUserId) => GetSalesforceUser(salesforceUserId)?.OutreachUserId;

    public SalesforceUserLink? GetSalesforceUser(string? salesforceUserId)
    {
        if (!SalesforceId.IsWellFormed(salesforceUserId)) return null;
        var key = SalesforceId.To18(salesforceUserId!);
        return Query(SalesforceUserSelect + " WHERE salesforce_user_id = @id", c => c.Parameters.AddWithValue("@id", key), ReadSalesforceUser).FirstOrDefault();
    }

    public IReadOnlyList<SalesforceUserLink> GetSalesforceUsers() =>
        Query(SalesforceUserSelect + " ORDER BY salesforce_user_id", null, ReadSalesforceUser);

    /// <summary>Inserts or updates links (keyed by the 18-character id) in one transaction. Returns how many were written.</summary>
    public int UpsertSalesforceUsers(IEnumerable<SalesforceUserLink> links)
    {
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        var count = 0;
        foreach (var link in links)
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO salesforce_users(salesforce_user_id, outreach_user_id, name, imported_ms) VALUES(@sf, @o, @name, @ms)
                ON CONFLICT(salesforce_user_id) DO UPDATE SET outreach_user_id = excluded.outreach_user_id,
                    name = COALESCE(excluded.name, salesforce_users.name), imported_ms = excluded.imported_ms
                """;
            command.Parameters.AddWithValue("@sf", SalesforceId.To18(link.SalesforceUserId));
            command.Parameters.AddWithValue("@o", link.OutreachUserId);
            command.Parameters.AddWithValue("@name", (object?)link.Name ?? DBNull.Value);
            command.Parameters.AddWithValue("@ms", link.ImportedAt.ToUnixTimeMilliseconds());
            command.ExecuteNonQuery();
            count++;
        }
        transaction.Commit();
        return count;
    }

    // ---------------------------------------------------------------- freshness

    /// <summary>When a catalog (<see cref="SequencesCatalog"/>, <see cref="UsersCatalog"/>, <see cref="MailboxesCatalog"/>) was last refreshed.</summary>
    public DateTimeOffset? GetRefreshedAt(string catalog)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT refreshed_ms FROM catalog_refresh WHERE catalog = @c";
        command.Parameters.AddWithValue("@c", catalog);
        return command.ExecuteScalar() is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    /// <summary>The oldest refresh time among <paramref name="kinds"/>; null if any of them was never refreshed.</summary>
    public DateTimeOffset? GetRefreshedAt(CatalogKinds kinds)
    {
        DateTimeOffset? oldest = null;
        foreach (var name in Names(kinds))
        {
            if (GetRefreshedAt(name) is not { } at) return null;
            if (oldest is null || at < oldest) oldest = at;
        }
        return oldest;
    }

    /// <summary>True when any of <paramref name="kinds"/> was never refreshed or is older than <paramref name="maxAge"/>.</summary>
    public bool IsStale(CatalogKinds kinds, TimeSpan maxAge) =>
        GetRefreshedAt(kinds) is not { } at || clock.GetUtcNow() - at > maxAge;

    // ---------------------------------------------------------------- snapshot

    /// <summary>Replaces every catalog present in <paramref name="contents"/> (and its refresh time) in one transaction.</summary>
    public void ReplaceSnapshot(CatalogContents contents)
    {
        var ms = contents.RefreshedAt.ToUnixTimeMilliseconds();
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        if (contents.Sequences is { } sequences)
        {
            Execute(connection, "DELETE FROM catalog_sequences");
            foreach (var s in sequences)
            {
                using var command = connection.CreateCommand();
                command.CommandText = """
                    INSERT INTO catalog_sequences(id, name, enabled, locked, share_type, owner_user_id, ruleset_id, has_email_step, permit_duplicates, exclusivity, refreshed_ms)
                    VALUES(@id, @name, @enabled, @locked, @share, @owner, @ruleset, @email, @dup, @excl, @ms)
                    """;
                command.Parameters.AddWithValue("@id", s.Id);
                command.Parameters.AddWithValue("@name", s.Name);
                command.Parameters.AddWithValue("@enabled", s.Enabled ? 1 : 0);
                command.Parameters.AddWithValue("@locked", s.Locked ? 1 : 0);
                command.Parameters.AddWithValue("@share", s.ShareType);
                command.Parameters.AddWithValue("@owner", (object?)s.OwnerUserId ?? DBNull.Value);
                command.Parameters.AddWithValue("@ruleset", (object?)s.RulesetId ?? DBNull.Value);
                command.Parameters.AddWithValue("@email", s.HasEmailStep ? 1 : 0);
                command.Parameters.AddWithValue("@dup", (object?)s.PermitDuplicateProspects ?? DBNull.Value);
                command.Parameters.AddWithValue("@excl", (object?)s.SequenceExclusivity ?? DBNull.Value);
                command.Parameters.AddWithValue("@ms", ms);
                command.ExecuteNonQuery();
            }
            MarkRefreshed(connection, SequencesCatalog, ms);
        }
        if (contents.Users is { } users)
        {
            Execute(connection, "DELETE FROM catalog_users");
            foreach (var u in users)
            {
                using var command = connection.CreateCommand();
                command.CommandText = """
                    INSERT INTO catalog_users(id, name, email, locked, default_mailbox_id, refreshed_ms)
                    VALUES(@id, @name, @email, @locked, @mailbox, @ms)
                    """;
                command.Parameters.AddWithValue("@id", u.Id);
                command.Parameters.AddWithValue("@name", (object?)u.Name ?? DBNull.Value);
                command.Parameters.AddWithValue("@email", (object?)u.Email ?? DBNull.Value);
                command.Parameters.AddWithValue("@locked", u.Locked ? 1 : 0);
                command.Parameters.AddWithValue("@mailbox", (object?)u.DefaultMailboxId ?? DBNull.Value);
                command.Parameters.AddWithValue("@ms", ms);
                command.ExecuteNonQuery();
            }
            MarkRefreshed(connection, UsersCatalog, ms);
        }
        if (contents.Mailboxes is { } mailboxes)
        {
            Execute(connection, "DELETE FROM catalog_mailboxes");
            foreach (var m in mailboxes)
            {
                using var command = connection.CreateCommand();
                command.CommandText = """
                    INSERT INTO catalog_mailboxes(id, user_id, email, send_enabled, sync_enabled, send_credentials_valid, refreshed_ms)
                    VALUES(@id, @user, @email, @send, @sync, @cred, @ms)
                    """;
                command.Parameters.AddWithValue("@id", m.Id);
                command.Parameters.AddWithValue("@user", (object?)m.UserId ?? DBNull.Value);
                command.Parameters.AddWithValue("@email", (object?)m.Email ?? DBNull.Value);
                command.Parameters.AddWithValue("@send", m.SendEnabled ? 1 : 0);
                command.Parameters.AddWithValue("@sync", m.SyncEnabled ? 1 : 0);
                command.Parameters.AddWithValue("@cred", m.SendCredentialsValid ? 1 : 0);
                command.Parameters.AddWithValue("@ms", ms);
                command.ExecuteNonQuery();
            }
            MarkRefreshed(connection, MailboxesCatalog, ms);
        }
        transaction.Commit();
    }

    /// <summary>Empties the cached catalogs (not the Salesforce user map) and their refresh times.</summary>
    public void Clear()
    {
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        Execute(connection, "DELETE FROM catalog_sequences; DELETE FROM catalog_users; DELETE FROM catalog_mailboxes; DELETE FROM catalog_refresh;");
        transaction.Commit();
    }

    // ---------------------------------------------------------------- plumbing

    public static IEnumerable<string> Names(CatalogKinds kinds)
    {
        if (kinds.HasFlag(CatalogKinds.Sequences)) yield return SequencesCatalog;
        if (kinds.HasFlag(CatalogKinds.Users)) yield return UsersCatalog;
        if (kinds.HasFlag(CatalogKinds.Mailboxes)) yield return MailboxesCatalog;
    }

    private const string SequenceSelect =
        "SELECT id, name, enabled, locked, share_type, owner_user_id, ruleset_id, has_email_step, permit_duplicates, exclusivity FROM catalog_sequences";
    private const string UserSelect = "SELECT id, name, email, locked, default_mailbox_id FROM catalog_users";
    private const string MailboxSelect = "SELECT id, user_id, email, send_enabled, sync_enabled, send_credentials_valid FROM catalog_mailboxes";
    private const string SalesforceUserSelect = "SELECT salesforce_user_id, outreach_user_id, name, imported_ms FROM salesforce_users";

    private static SequenceInfo ReadSequence(SQLiteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetInt64(2) != 0, r.GetInt64(3) != 0, r.GetString(4),
        SqlRead.Long(r, 5), SqlRead.Long(r, 6), r.GetInt64(7) != 0, SqlRead.Text(r, 8), SqlRead.Text(r, 9));

    private static OutreachUserInfo ReadUser(SQLiteDataReader r) =>
        new(r.GetInt64(0), SqlRead.Text(r, 1), SqlRead.Text(r, 2), r.GetInt64(3) != 0, SqlRead.Long(r, 4));

    private static MailboxInfo ReadMailbox(SQLiteDataReader r) =>
        new(r.GetInt64(0), SqlRead.Long(r, 1), SqlRead.Text(r, 2), r.GetInt64(3) != 0, r.GetInt64(4) != 0, r.GetInt64(5) != 0);

    private static SalesforceUserLink ReadSalesforceUser(SQLiteDataReader r) =>
        new(r.GetString(0), r.GetInt64(1), SqlRead.Text(r, 2), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)));

    private bool Any(string table)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT EXISTS(SELECT 1 FROM {table})";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0;
    }

    private List<T> Query<T>(string sql, Action<SQLiteCommand>? bind, Func<SQLiteDataReader, T> read)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind?.Invoke(command);
        using var reader = command.ExecuteReader();
        var list = new List<T>();
        while (reader.Read()) list.Add(read(reader));
        return list;
    }

    private static void MarkRefreshed(SQLiteConnection connection, string catalog, long ms)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO catalog_refresh(catalog, refreshed_ms) VALUES(@c, @ms)
            ON CONFLICT(catalog) DO UPDATE SET refreshed_ms = excluded.refreshed_ms
            """;
        command.Parameters.AddWithValue("@c", catalog);
        command.Parameters.AddWithValue("@ms", ms);
        command.ExecuteNonQuery();
    }

    private static void Execute(SQLiteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
