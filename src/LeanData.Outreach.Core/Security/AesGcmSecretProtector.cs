using System.Security.Cryptography;
using System.Text;

namespace LeanData.Outreach.Security;

/// <summary>
/// AES-256-GCM with a random key kept in an owner-only (0600) file in an owner-only (0700) folder, apart
/// from the store. The key is created on first use; a key file that is unreadable, the wrong size, or
/// readable by others is refused — there is no plain-text fallback.
/// Blob layout: version (1) | nonce (12) | tag (16) | ciphertext.
/// </summary>
public sealed class AesGcmSecretProtector : ISecretProtector
{
    private const byte Version = 1;
    private const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] AssociatedData = Encoding.UTF8.GetBytes("LeanData.Outreach/secrets/v1");
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly object gate = new();
    private byte[]? key;

    public AesGcmSecretProtector(string keyFilePath) => KeyFilePath = Path.GetFullPath(keyFilePath);

    public string KeyFilePath { get; }

    public byte[] Protect(string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var blob = new byte[1 + NonceSize + TagSize + plain.Length];
        blob[0] = Version;
        var nonce = blob.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(Key(), TagSize);
        aes.Encrypt(nonce, plain, blob.AsSpan(1 + NonceSize + TagSize), blob.AsSpan(1 + NonceSize, TagSize), AssociatedData);
        CryptographicOperations.ZeroMemory(plain);
        return blob;
    }

    public string Unprotect(byte[] protectedBytes)
    {
        ArgumentNullException.ThrowIfNull(protectedBytes);
        if (protectedBytes.Length < 1 + NonceSize + TagSize || protectedBytes[0] != Version)
            throw new SecretProtectionException("A stored secret is not in a format this module can read.");
        var plain = new byte[protectedBytes.Length - 1 - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(Key(), TagSize);
            aes.Decrypt(protectedBytes.AsSpan(1, NonceSize), protectedBytes.AsSpan(1 + NonceSize + TagSize),
                protectedBytes.AsSpan(1 + NonceSize, TagSize), plain, AssociatedData);
            return Encoding.UTF8.GetString(plain);
        }
        catch (CryptographicException ex)
        {
            throw new SecretProtectionException(
                $"A stored secret could not be decrypted with the key in '{KeyFilePath}' (the key changed or the data was altered).", ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private byte[] Key()
    {
        lock (gate)
        {
            return key ??= LoadOrCreateKey();
        }
    }

    private byte[] LoadOrCreateKey()
    {
        try
        {
            if (!File.Exists(KeyFilePath)) TryCreateKeyFile();
            return ReadKeyFile();
        }
        catch (SecretProtectionException)
        {
            throw;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new SecretProtectionException($"The secret key file '{KeyFilePath}' could not be created or read: {ex.Message}", ex);
        }
    }

    private void TryCreateKeyFile()
    {
        var directory = Path.GetDirectoryName(KeyFilePath)!;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(directory);
        else if (!Directory.Exists(directory)) Directory.CreateDirectory(directory, OwnerOnlyDirectory);

        var newKey = RandomNumberGenerator.GetBytes(KeySize);
        var temp = KeyFilePath + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnlyFile;
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(newKey);
                stream.Flush(flushToDisk: true);
            }
            try
            {
                File.Move(temp, KeyFilePath, overwrite: false);
            }
            catch (IOException) when (File.Exists(KeyFilePath))
            {
                // Another process created the key first; use theirs.
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(newKey);
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private byte[] ReadKeyFile()
    {
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(KeyFilePath);
            if ((mode & ~(OwnerOnlyFile | UnixFileMode.UserExecute)) != 0)
                throw new SecretProtectionException(
                    $"The secret key file '{KeyFilePath}' is readable or writable by other users (mode {Convert.ToString((int)mode, 8)}); it must be 0600. Fix it with: chmod 600 '{KeyFilePath}'.");
        }
        var bytes = File.ReadAllBytes(KeyFilePath);
        if (bytes.Length != KeySize)
            throw new SecretProtectionException($"The secret key file '{KeyFilePath}' is damaged (expected {KeySize} bytes, found {bytes.Length}).");
        return bytes;
    }
}
