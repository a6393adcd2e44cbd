namespace LeanData.Outreach.Security;

/// <summary>Picks the platform's protector: DPAPI (CurrentUser) on Windows, AES-GCM with an owner-only key file elsewhere.</summary>
public static class SecretProtector
{
    public static ISecretProtector CreateDefault(string? keyFilePath = null) =>
        OperatingSystem.IsWindows()
            ? new DpapiSecretProtector()
            : new AesGcmSecretProtector(KeyFileLocation.Resolve(keyFilePath));
}
