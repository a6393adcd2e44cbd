using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;

namespace LeanData.Outreach.Security;

/// <summary>Windows DPAPI, CurrentUser scope, with a module-specific entropy.</summary>
[SupportedOSPlatform("windows")]
public sealed class DpapiSecretProtector : ISecretProtector
{
    private static readonly byte[] Entropy = Encoding.UTF8.GetBytes("LeanData.Outreach/secrets/v1");

    public byte[] Protect(string plaintext)
    {
        try
        {
            return ProtectedData.Protect(Encoding.UTF8.GetBytes(plaintext), Entropy, DataProtectionScope.CurrentUser);
        }
        catch (CryptographicException ex)
        {
            throw new SecretProtectionException("Windows DPAPI could not protect the secret: " + ex.Message, ex);
        }
    }

    public string Unprotect(byte[] protectedBytes)
    {
        try
        {
            return Encoding.UTF8.GetString(ProtectedData.Unprotect(protectedBytes, Entropy, DataProtectionScope.CurrentUser));
        }
        catch (CryptographicException ex)
        {
            throw new SecretProtectionException("Windows DPAPI could not read the stored secret (was it stored by another Windows user?): " + ex.Message, ex);
        }
    }
}
