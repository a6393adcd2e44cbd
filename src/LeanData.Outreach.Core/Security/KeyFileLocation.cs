namespace LeanData.Outreach.Security;

/// <summary>
/// Where the AES key lives on non-Windows systems: $LD_OUTREACH_KEYFILE, else $XDG_CONFIG_HOME/LeanData.Outreach/key,
/// else ~/.config/LeanData.Outreach/key — a different folder from the store (~/.local/share).
/// </summary>
public static class KeyFileLocation
{
    public const string EnvironmentVariable = "LD_OUTREACH_KEYFILE";

    public static string Resolve(string? explicitPath = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath)) return Path.GetFullPath(explicitPath);
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return Path.GetFullPath(fromEnvironment);
        var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        var root = !string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(root, "LeanData.Outreach", "key");
    }
}
