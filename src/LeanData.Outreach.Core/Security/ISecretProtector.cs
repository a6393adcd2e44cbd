namespace LeanData.Outreach.Security;

/// <summary>Encrypts secrets for storage at rest. Never falls back to plain text.</summary>
public interface ISecretProtector
{
    byte[] Protect(string plaintext);
    string Unprotect(byte[] protectedBytes);
}
