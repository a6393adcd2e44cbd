using System.Net;
using System.Security;

namespace LeanData.Outreach.Cmdlets.Commands.Connection;

/// <summary>Reads a SecureString parameter once, for the request that needs it; the value is never written anywhere.</summary>
internal static class SecureStrings
{
    public static string Reveal(SecureString value) => new NetworkCredential(string.Empty, value).Password;
}
