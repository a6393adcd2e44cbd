namespace LeanData.Outreach.Security;

/// <summary>AES-256-GCM with a random key kept in an owner-only (0600) file in an owner-only (0700) folder.</summary>
public sealed class AesGcmSecretProtector(string keyFilePath) : ISecretProtector
{
    public string KeyFilePath { get; } = Path.GetFullPath(keyFilePath);

    public byte[] Protect(string plaintext) => throw new NotImplementedException();
    public string Unprotect(byte[] protectedBytes) => throw new NotImplementedException();
}
