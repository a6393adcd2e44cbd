using LeanData.Outreach.Errors;
using System.Text;
using LeanData.Outreach.Outreach.OAuth;
using LeanData.Outreach.Security;
using LeanData.Outreach.Store;
using Xunit;

namespace LeanData.Outreach.Tests.Security;

public sealed class SecretProtectionTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "ld-sec-" + Guid.NewGuid().ToString("N"));
    private string KeyPath => Path.Combine(root, "config", "LeanData.Outreach", "key");
    private string StorePath => Path.Combine(root, "data", "store.db");

    public void Dispose()
    {
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void Aes_gcm_round_trips_and_uses_a_fresh_nonce()
    {
        var protector = new AesGcmSecretProtector(KeyPath);
        var a = protector.Protect("refresh-token-value");
        var b = protector.Protect("refresh-token-value");
        Assert.NotEqual(a, b);
        Assert.Equal("refresh-token-value", protector.Unprotect(a));
        Assert.Equal("refresh-token-value", new AesGcmSecretProtector(KeyPath).Unprotect(b)); // same key file, new instance
        Assert.DoesNotContain("refresh-token-value", Encoding.UTF8.GetString(a));
    }

    [Fact]
    public void Key_file_is_owner_only_and_its_folder_too()
    {
        if (OperatingSystem.IsWindows()) return;
        new AesGcmSecretProtector(KeyPath).Protect("x");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(KeyPath)!));
        Assert.Equal(32, new FileInfo(KeyPath).Length);
    }

    [Fact]
    public void A_key_file_readable_by_others_is_refused()
    {
        if (OperatingSystem.IsWindows()) return;
        new AesGcmSecretProtector(KeyPath).Protect("x");
        File.SetUnixFileMode(KeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var ex = Assert.Throws<SecretProtectionException>(() => new AesGcmSecretProtector(KeyPath).Protect("y"));
        Assert.Contains("0600", ex.Message);
        Assert.Equal(ErrorCatalog.SecretProtectionFailed.Id, ex.ErrorId);
    }

    [Fact]
    public void A_key_that_cannot_be_created_fails_clearly()
    {
        Directory.CreateDirectory(root);
        var blocker = Path.Combine(root, "not-a-dir");
        File.WriteAllText(blocker, "file in the way");
        var ex = Assert.Throws<SecretProtectionException>(() => new AesGcmSecretProtector(Path.Combine(blocker, "key")).Protect("y"));
        Assert.Contains("could not be created or read", ex.Message);
    }

    [Fact]
    public void Tampered_or_foreign_ciphertext_is_refused()
    {
        var protector = new AesGcmSecretProtector(KeyPath);
        var blob = protector.Protect("value");
        blob[^1] ^= 0xFF;
        Assert.Throws<SecretProtectionException>(() => protector.Unprotect(blob));
        var other = new AesGcmSecretProtector(Path.Combine(root, "other", "key")).Protect("value");
        Assert.Throws<SecretProtectionException>(() => protector.Unprotect(other));
    }

    [Fact]
    public void Default_key_location_is_apart_from_the_store()
    {
        var key = KeyFileLocation.Resolve();
        var store = StoreLocation.Resolve();
        if (Environment.GetEnvironmentVariable(KeyFileLocation.EnvironmentVariable) is null && Environment.GetEnvironmentVariable(StoreLocation.EnvironmentVariable) is null)
            Assert.NotEqual(Path.GetDirectoryName(key), Path.GetDirectoryName(store));
        Assert.Equal("/tmp/k", KeyFileLocation.Resolve("/tmp/k"));
    }

    [Fact]
    public void Store_file_bytes_never_contain_secrets_in_plain_text()
    {
        var store = new LDStore(StorePath);
        var secrets = new SecretRepository(store, new AesGcmSecretProtector(KeyPath));
        const string clientSecret = "CLIENT-SECRET-PLAINTEXT-1234567890";
        const string access = "ACCESS-TOKEN-PLAINTEXT-abcdefghij";
        const string refresh = "REFRESH-TOKEN-PLAINTEXT-klmnopqrst";
        secrets.Set(SecretNames.ClientSecret, clientSecret);
        var tokenStore = new StoreTokenStore(secrets);
        var set = new TokenSet(access, refresh, DateTimeOffset.UtcNow.AddHours(2), OutreachScopes.Required, DateTimeOffset.UtcNow);
        tokenStore.Save(set);

        Assert.Equal(clientSecret, secrets.Get(SecretNames.ClientSecret));
        var loaded = tokenStore.Load();
        Assert.Equal((access, refresh), (loaded!.AccessToken, loaded.RefreshToken));
        Assert.Equal(set.ExpiresAt.ToUnixTimeSeconds(), loaded.ExpiresAt.ToUnixTimeSeconds());
        Assert.Equal(OutreachScopes.Required, loaded.Scopes);

        // Checkpoint the WAL so the main file holds everything, then read every file of the store.
        using (var connection = store.OpenConnection())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            command.ExecuteNonQuery();
        }
        System.Data.SQLite.SQLiteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(StorePath)!))
        {
            var bytes = File.ReadAllBytes(file);
            foreach (var secret in new[] { clientSecret, access, refresh })
            {
                Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)));
                Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(secret)));
            }
        }
    }

    [Fact]
    public void Token_store_clear_and_rotation_are_atomic_rows()
    {
        var store = new LDStore(StorePath);
        var tokenStore = new StoreTokenStore(new SecretRepository(store, new AesGcmSecretProtector(KeyPath)));
        Assert.Null(tokenStore.Load());
        tokenStore.Save(new TokenSet("a1", "r1", DateTimeOffset.UtcNow.AddHours(2), [], DateTimeOffset.UtcNow));
        tokenStore.Save(new TokenSet("a2", "r2", DateTimeOffset.UtcNow.AddHours(2), [], DateTimeOffset.UtcNow));
        Assert.Equal(("a2", "r2"), (tokenStore.Load()!.AccessToken, tokenStore.Load()!.RefreshToken));
        tokenStore.Clear();
        Assert.Null(tokenStore.Load());
    }
}
