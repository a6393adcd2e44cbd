using System.Data.SQLite;

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

    public LDStore(string path) => Path = System.IO.Path.GetFullPath(path);

    public string Path { get; }

    public static int SchemaVersion => Migrations.All[^1].Version;

    public static LDStore Open(string? explicitPath = null) => new(StoreLocation.Resolve(explicitPath));

    public bool Exists => File.Exists(Path);

    public SQLiteConnection OpenConnection()
    {
        EnsureCreated();
        var connection = Connect();
        // Reading user_version costs microseconds and stays right even if the file was replaced behind our back.
        if (UserVersion(connection) != SchemaVersion)
        {
            lock (MigrationGate) Migrate(connection);
        }
        return connection;
    }

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
