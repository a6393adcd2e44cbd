using LeanData.Outreach.Errors;

namespace LeanData.Outreach.Security;

/// <summary>Secrets cannot be protected or read back (key file missing/unreadable/insecure, DPAPI failure, tampered data).</summary>
public sealed class SecretProtectionException(string message, Exception? inner = null)
    : LDOutreachException(ErrorCatalog.SecretProtectionFailed, FailureCategory.ConfigurationError, message,
        "Check the key file (" + KeyFileLocation.EnvironmentVariable + " or the default under the user's config folder) exists, belongs to you and is readable only by you; " +
        "if it was lost, run Disconnect-LDOutreach and Connect-LDOutreach again to store new secrets.", inner)
{
}
