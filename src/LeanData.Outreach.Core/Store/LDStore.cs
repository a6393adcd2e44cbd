using System.Data.SQLite;
using LeanData.Outreach.Errors;

namespace LeanData.Outreach.Store;

/// <summary>
/// One SQLite file. Nothing touches the disk until the first connection is asked for; then the file is
/// created owner-only (0600 on Unix), switched to WAL, and migrated forward to <see cref="SchemaVersion"/>.
/// Connections are short-lived: open one per unit of work.
/// </summary>
public sealed class LDStore
{
    public const int BusyTimeoutMilliseconds = 10_000;
    private static readonly object MigrationGate = new();
    private bool _validated;

    public LDStore(string path) => Path = System.IO.Path.GetFullPath(path);

    public string Path { get; }

    public static int SchemaVersion => Migrations.All[^1].Version;

    public static LDStore Open(string? explicitPath = null) => new(StoreLocation.Resolve(explicitPath));

    /// <summary>Whether the store file exists. A path that can never be a store (a folder, a device) is a StoreException, not "no store".</summary>
    public bool Exists
    {
        get
        {
            StorePathKind.Check(Path);
            return File.Exists(Path);
        }
    }

    /// <summary>
    /// A connection, the store created and migrated first if needed. A file that cannot be used (a folder or device, not a
    /// database, another application's database, damaged, read-only, from a newer module) is a <see cref="StoreException"/>
    /// and is left exactly as it was.
    /// </summary>
    public SQLiteConnection OpenConnection()
    {
        Validate();
        SQLiteConnection? connection = null;
        try
        {
            EnsureCreated();
            connection = Connect();
            // Reading user_version costs microseconds and stays right even if the file was replaced behind our back.
            if (UserVersion(connection) != SchemaVersion)
            {
                lock (MigrationGate) Migrate(connection);
            }
            return connection;
        }
        catch (Exception ex) when (StoreFailures.IsStoreFailure(ex) || ex is IOException or UnauthorizedAccessException)
        {
            connection?.Dispose();
            throw StoreFailures.From(ex, Path);
        }
    }

    /// <summary>
    /// Checks, once per instance and without writing anything, that the path can be a store: not a folder or device, and an
    /// existing file is an undamaged SQLite database of this module (not newer). Throws a <see cref="StoreException"/> otherwise.
    /// </summary>
    public void Validate()
    {
        if (_validated) return;
        StorePathKind.Check(Path);
        if (File.Exists(Path) && new FileInfo(Path).Length > 0)
        {
            Probe();
            CheckWritable();
        }
        _validated = true;
    }

    private void Probe()
    {
        // Read-only, and pooled: closing the last connection would checkpoint the write-ahead log into the file, and a check
        // must change nothing (-WhatIf included). A failed probe's connection is closed, and its empty -wal and -shm removed.
        var builder = new SQLiteConnectionStringBuilder { DataSource = Path, ReadOnly = true, Pooling = true, BusyTimeout = BusyTimeoutMilliseconds };
        var sideFiles = SideFiles().Where(File.Exists).ToList();
        var connection = new SQLiteConnection(builder.ConnectionString);
        try
        {
            connection.Open();
            // One statement, so one snapshot: read apart, a migration committed in between gives tables without a version.
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT user_version, (SELECT COUNT(*) FROM sqlite_master) FROM pragma_user_version";
            int version;
            long objects;
            using (var reader = command.ExecuteReader())
            {
                reader.Read();
                (version, objects) = (reader.GetInt32(0), reader.GetInt64(1));
            }
            if (version == 0 && objects > 0)
                throw new StoreException(FailureCategory.StoreNotALeanDataStore, Path,
                    $"The store '{Path}' is a SQLite database of another application ({objects} tables and indexes, no LeanData.Outreach schema version). Nothing was changed in it.");
            if (version > SchemaVersion) throw new StoreVersionException(Path, version, SchemaVersion);
            connection.Dispose();
        }
        catch (Exception ex) when (StoreFailures.IsStoreFailure(ex))
        {
            SQLiteConnection.ClearPool(connection);
            connection.Dispose();
            foreach (var side in SideFiles().Where(f => !sideFiles.Contains(f) && File.Exists(f)))
                if (side.EndsWith("-shm", StringComparison.Ordinal) || new FileInfo(side).Length == 0) File.Delete(side);
            throw StoreFailures.From(ex, Path);
        }
    }

    private void CheckWritable()
    {
        try
        {
            using var connection = Connect();
            if (connection.IsReadOnly("main"))
                throw new StoreException(FailureCategory.StoreReadOnly, Path, $"The store '{Path}' is read-only for this user.");
        }
        catch (Exception ex) when (StoreFailures.IsStoreFailure(ex))
        {
            throw StoreFailures.From(ex, Path);
        }
    }

    private IEnumerable<string> SideFiles() => [Path + "-wal", Path + "-shm", Path + "-journal"];

    /// <summary>The store's schema version as recorded in the file (0 when the file is new or empty).</summary>
    public int ReadVersion()
    {
        using var connection = Connect();
        return UserVersion(connection);
    }

    private void EnsureCreated()
    {
        if (File.Exists(Path)) return;
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        if (!OperatingSystem.IsWindows())
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        else
            Directory.CreateDirectory(directory);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using var _ = new FileStream(Path, options);
        }
        catch (IOException) when (File.Exists(Path))
        {
            // Another process created it first; its mode is already owner-only.
        }
    }

    private SQLiteConnection Connect()
    {
        var builder = new SQLiteConnectionStringBuilder
        {
            DataSource = Path,
            BusyTimeout = BusyTimeoutMilliseconds,
            ForeignKeys = true,
            JournalMode = SQLiteJournalModeEnum.Wal,
            SyncMode = SynchronizationModes.Normal,
            Pooling = true,
        };
        var connection = new SQLiteConnection(builder.ConnectionString);
        connection.Open();
        return connection;
    }

    private void Migrate(SQLiteConnection connection)
    {
        var ranOutside = 0;
        while (true)
        {
            // An immediate transaction takes the write lock first, so two processes migrating the same file serialize.
            Execute(connection, "BEGIN IMMEDIATE");
            Migration? outside = null;
            try
            {
                var current = UserVersion(connection);
                if (current > SchemaVersion)
                    throw new StoreVersionException(Path, current, SchemaVersion);
                foreach (var migration in Migrations.All.Where(m => m.Version > current))
                {
                    if (migration.OutsideTransaction && migration.Version != ranOutside)
                    {
                        outside = migration;
                        break;
                    }
                    var sql = migration.OutsideTransaction ? "" : migration.Sql + "\n";
                    Execute(connection, sql + $"PRAGMA user_version = {migration.Version};");
                }
                Execute(connection, "COMMIT");
            }
            catch
            {
                Execute(connection, "ROLLBACK");
                throw;
            }
            if (outside is null) return;
            Execute(connection, outside.Sql);
            ranOutside = outside.Version;
        }
    }

    private static int UserVersion(SQLiteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(SQLiteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
