using System.Data.SQLite;
using System.Diagnostics;
using System.Security.Cryptography;
using LeanData.Outreach.Configuration;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Store;
using Xunit;

namespace LeanData.Outreach.Tests.Store;

/// <summary>Files that cannot be a store: each is one StoreException with a catalog id and the path, and the file is left as it was.</summary>
public sealed class StoreProblemTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_folder_is_StorePathIsDirectory_even_where_a_missing_store_would_read_as_empty()
    {
        var folder = _temp.File("a-folder");
        Directory.CreateDirectory(folder);
        var store = new LDStore(folder);
        AssertFailure(FailureCategory.StorePathIsDirectory, folder, () => _ = store.Exists);
        AssertFailure(FailureCategory.StorePathIsDirectory, folder, () => store.OpenConnection().Dispose());
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [SkippableFact]
    public void A_device_is_StorePathIsNotAFile_and_nothing_is_written_beside_it()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix devices");
        var before = Directory.EnumerateFiles("/dev", "null*").ToList();
        AssertFailure(FailureCategory.StorePathIsNotAFile, "/dev/null", () => new ConfigurationRepository(new LDStore("/dev/null")).GetRetryPolicy());
        Assert.Equal(before, Directory.EnumerateFiles("/dev", "null*").ToList());
    }

    [Theory]
    [InlineData("hello, this is a text file and not a database\n")]
    [InlineData("SQLite format 2\0 but not really, and long enough to be a header of a hundred bytes or more, padded out to that length.")]
    public void A_file_that_is_not_a_database_is_StoreNotADatabase_and_unchanged(string content)
    {
        var path = _temp.File("notes.txt");
        File.WriteAllText(path, content);
        var hash = Hash(path);
        AssertFailure(FailureCategory.StoreNotADatabase, path, () => new ConfigurationRepository(new LDStore(path)).GetRetryPolicy());
        Assert.Equal(hash, Hash(path));
        AssertNoSideFiles(path);
    }

    [Fact]
    public void A_truncated_store_is_StoreCorrupt_and_unchanged()
    {
        var path = FilledStore("truncated.db");
        using (var stream = new FileStream(path, FileMode.Open)) stream.SetLength(stream.Length / 2);
        var hash = Hash(path);
        AssertFailure(FailureCategory.StoreCorrupt, path, () => new ConfigurationRepository(new LDStore(path)).GetRetryPolicy());
        Assert.Equal(hash, Hash(path));
    }

    [Fact]
    public void A_store_whose_schema_page_is_overwritten_is_StoreCorrupt_and_unchanged()
    {
        var path = FilledStore("malformed.db");
        Overwrite(path, offset: 100, length: 3000);
        var hash = Hash(path);
        AssertFailure(FailureCategory.StoreCorrupt, path, () => new ConfigurationRepository(new LDStore(path)).GetRetryPolicy());
        Assert.Equal(hash, Hash(path));
    }

    [Fact]
    public void Another_applications_database_is_StoreNotALeanDataStore_and_unchanged()
    {
        var path = _temp.File("other.sqlite");
        using (var raw = new SQLiteConnection($"Data Source={path};Pooling=False"))
        {
            raw.Open();
            using var command = raw.CreateCommand();
            command.CommandText = "CREATE TABLE invoices(id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices(total) VALUES (9.5);";
            command.ExecuteNonQuery();
        }
        var hash = Hash(path);
        AssertFailure(FailureCategory.StoreNotALeanDataStore, path, () => new ConfigurationRepository(new LDStore(path)).GetRetryPolicy());
        Assert.Equal(hash, Hash(path));
    }

    [SkippableFact]
    public void A_read_only_store_is_StoreReadOnly_and_unchanged()
    {
        var path = FilledStore("readonly.db");
        var hash = Hash(path);
        Skip.IfNot(MakeReadOnly(path), "this account can write read-only files and cannot set the immutable attribute");
        try
        {
            AssertFailure(FailureCategory.StoreReadOnly, path,
                () => new ConfigurationRepository(new LDStore(path)).SetRetryPolicy(new RetryPolicy(TimeSpan.FromHours(2), 3)));
        }
        finally
        {
            MakeWritable(path);
        }
        Assert.Equal(hash, Hash(path));
    }

    [Fact]
    public void A_store_from_a_newer_module_is_StoreNewerVersion()
    {
        var path = _temp.File("future.db");
        using (var raw = new SQLiteConnection($"Data Source={path};Pooling=False"))
        {
            raw.Open();
            using var command = raw.CreateCommand();
            command.CommandText = $"CREATE TABLE settings(key TEXT); PRAGMA user_version = {LDStore.SchemaVersion + 1};";
            command.ExecuteNonQuery();
        }
        var error = AssertFailure(FailureCategory.StoreNewerVersion, path, () => new LDStore(path).OpenConnection().Dispose());
        Assert.IsType<StoreVersionException>(error);
    }

    [Fact]
    public void Every_store_failure_has_an_id_the_path_and_a_remedy()
    {
        foreach (var category in Enum.GetValues<FailureCategory>().Where(c => c.ToString().StartsWith("Store", StringComparison.Ordinal)))
        {
            var error = new StoreException(category, "/x/store.db", "m");
            Assert.Equal(category.ToString(), error.ErrorId);
            Assert.False(string.IsNullOrWhiteSpace(error.RecommendedAction));
            Assert.Equal("/x/store.db", error.Path);
        }
    }

    private static StoreException AssertFailure(FailureCategory category, string path, Action action)
    {
        var error = Assert.ThrowsAny<StoreException>(action);
        Assert.Equal(category, error.Category);
        Assert.Equal(category.ToString(), error.ErrorId);
        Assert.Equal(Path.GetFullPath(path), error.Path);
        Assert.Contains(Path.GetFullPath(path), error.Message);
        Assert.False(string.IsNullOrWhiteSpace(error.RecommendedAction));
        return error;
    }

    /// <summary>A store with a few hundred KB of audit rows, closed and checkpointed so the file alone holds it.</summary>
    private string FilledStore(string name)
    {
        var path = _temp.File(name);
        using (var connection = new LDStore(path).OpenConnection())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
                INSERT INTO actions(node_name, outcome, message, created_ms, updated_ms) SELECT 'N', 'Success', printf('%.200c', 'x'), i, i FROM n;
                PRAGMA wal_checkpoint(TRUNCATE);
                """;
            command.ExecuteNonQuery();
        }
        SQLiteConnection.ClearAllPools();
        AssertNoSideFiles(path);
        return path;
    }

    private static void Overwrite(string path, long offset, int length)
    {
        using var stream = new FileStream(path, FileMode.Open);
        stream.Position = offset;
        stream.Write(Enumerable.Repeat((byte)0xA5, length).ToArray());
    }

    private static void AssertNoSideFiles(string path)
    {
        SQLiteConnection.ClearAllPools();
        foreach (var suffix in new[] { "-journal", "-wal" })
            Assert.False(File.Exists(path + suffix) && new FileInfo(path + suffix).Length > 0, $"{path}{suffix} was written");
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private static bool MakeReadOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            File.SetAttributes(path, FileAttributes.ReadOnly);
            return true;
        }
        File.SetUnixFileMode(path, UnixFileMode.UserRead);
        if (!CanWrite(path)) return true;
        // root writes through file modes; the immutable attribute stops it where the file system has one.
        return Run("chattr", "+i", path) && !CanWrite(path);
    }

    private static void MakeWritable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            File.SetAttributes(path, FileAttributes.Normal);
            return;
        }
        Run("chattr", "-i", path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static bool CanWrite(string path)
    {
        try
        {
            using var _ = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
            return true;
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }

    private static bool Run(string file, params string[] arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
