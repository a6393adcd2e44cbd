using System.Data.SQLite;
using LeanData.Outreach.Configuration;
using LeanData.Outreach.Store;
using Xunit;

namespace LeanData.Outreach.Tests.Store;

public sealed class StoreMigrationTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<int> EarlierVersions()
    {
        var data = new TheoryData<int>();
        foreach (var migration in Migrations.All) data.Add(migration.Version - 1);
        return data;
    }

    [Fact]
    public void Versions_are_consecutive_from_one()
    {
        Assert.Equal(Enumerable.Range(1, Migrations.All.Count), Migrations.All.Select(m => m.Version));
    }

    [Fact]
    public void Nothing_is_created_until_a_connection_is_asked_for()
    {
        var path = _temp.File("lazy/store.db");
        var store = new LDStore(path);
        Assert.False(File.Exists(path));
        Assert.False(Directory.Exists(_temp.File("lazy")));
        using (store.OpenConnection()) { }
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void A_new_store_is_migrated_to_the_latest_version_in_wal_mode()
    {
        var store = new LDStore(_temp.File("new.db"));
        using (var connection = store.OpenConnection())
        {
            Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
            Assert.Equal(LDStore.BusyTimeoutMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture), Scalar(connection, "PRAGMA busy_timeout"));
        }
        Assert.Equal(LDStore.SchemaVersion, store.ReadVersion());
    }

    [Theory]
    [MemberData(nameof(EarlierVersions))]
    public void A_store_at_an_earlier_version_migrates_forward_and_keeps_its_data(int startVersion)
    {
        var path = _temp.File($"v{startVersion}.db");
        using (var raw = new SQLiteConnection($"Data Source={path}"))
        {
            raw.Open();
            foreach (var migration in Migrations.All.Where(m => m.Version <= startVersion))
                Execute(raw, migration.Sql + $"\nPRAGMA user_version = {migration.Version};");
            if (startVersion >= 1)
                Execute(raw, "INSERT INTO settings(key, value, updated_ms) VALUES('rateLimit', '{\"limit\":123,\"window\":\"01:00:00\"}', 1)");
        }
        SQLiteConnection.ClearAllPools();

        var store = new LDStore(path);
        var configuration = new ConfigurationRepository(store);
        var limit = configuration.GetRateLimit();

        Assert.Equal(LDStore.SchemaVersion, store.ReadVersion());
        Assert.Equal(startVersion >= 1 ? 123 : RateLimitSettings.DefaultLimit, limit.Limit);
    }

    [Fact]
    public void Stores_new_and_migrated_free_deleted_pages_incrementally()
    {
        using (var fresh = new LDStore(_temp.File("fresh.db")).OpenConnection())
            Assert.Equal("2", Scalar(fresh, "PRAGMA auto_vacuum"));

        // A store made before incremental auto-vacuum (the migration that turns it on runs VACUUM once).
        var path = _temp.File("old.db");
        var before = Migrations.All.Last(m => m.Sql.Contains("auto_vacuum", StringComparison.Ordinal)).Version - 1;
        using (var raw = new SQLiteConnection($"Data Source={path}"))
        {
            raw.Open();
            foreach (var migration in Migrations.All.Where(m => m.Version <= before))
                Execute(raw, migration.Sql + $"\nPRAGMA user_version = {migration.Version};");
            Execute(raw, "INSERT INTO settings(key, value, updated_ms) VALUES('k', 'kept', 1)");
            Assert.Equal("0", Scalar(raw, "PRAGMA auto_vacuum"));
        }
        SQLiteConnection.ClearAllPools();
        var store = new LDStore(path);
        using (var connection = store.OpenConnection())
        {
            Assert.Equal("2", Scalar(connection, "PRAGMA auto_vacuum"));
            Assert.Equal("kept", Scalar(connection, "SELECT value FROM settings WHERE key = 'k'"));
        }
        Assert.Equal(LDStore.SchemaVersion, store.ReadVersion());
    }

    [Fact]
    public void A_store_from_a_newer_module_is_refused_not_downgraded()
    {
        var path = _temp.File("future.db");
        using (var raw = new SQLiteConnection($"Data Source={path}"))
        {
            raw.Open();
            Execute(raw, $"PRAGMA user_version = {LDStore.SchemaVersion + 1};");
        }
        SQLiteConnection.ClearAllPools();
        var error = Assert.Throws<StoreVersionException>(() => new LDStore(path).OpenConnection().Dispose());
        Assert.Equal(LDStore.SchemaVersion + 1, error.Found);
    }

    [Fact]
    public void The_store_file_is_readable_and_writable_by_its_owner_only()
    {
        if (OperatingSystem.IsWindows()) return;
        var path = _temp.File("private/store.db");
        using (new LDStore(path).OpenConnection()) { }
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_temp.File("private")));
    }

    [Fact]
    public void Concurrent_writers_on_separate_connections_all_succeed()
    {
        var path = _temp.File("busy.db");
        var writers = Enumerable.Range(0, 8).Select(i => Task.Run(() =>
        {
            var configuration = new ConfigurationRepository(new LDStore(path));
            for (var n = 1; n <= 50; n++) configuration.SetRateLimit(new RateLimitSettings(i * 1000 + n, TimeSpan.FromHours(1)));
        })).ToArray();
        Task.WaitAll(writers);
        var final = new ConfigurationRepository(new LDStore(path)).GetRateLimit().Limit;
        Assert.Equal(50, final % 1000);
    }

    [Fact]
    public void The_store_path_comes_from_the_parameter_then_the_environment_then_the_data_folder()
    {
        var previous = Environment.GetEnvironmentVariable(StoreLocation.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(StoreLocation.EnvironmentVariable, _temp.File("env.db"));
            Assert.Equal(_temp.File("explicit.db"), StoreLocation.Resolve(_temp.File("explicit.db")));
            Assert.Equal(_temp.File("env.db"), StoreLocation.Resolve());
            Environment.SetEnvironmentVariable(StoreLocation.EnvironmentVariable, null);
            Assert.EndsWith(Path.Combine("LeanData.Outreach", "store.db"), StoreLocation.Resolve());
            Assert.StartsWith(StoreLocation.DataFolder(), StoreLocation.Resolve());
        }
        finally
        {
            Environment.SetEnvironmentVariable(StoreLocation.EnvironmentVariable, previous);
        }
    }

    private static string? Scalar(SQLiteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(SQLiteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
