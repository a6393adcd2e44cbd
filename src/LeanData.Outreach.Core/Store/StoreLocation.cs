namespace LeanData.Outreach.Store;

/// <summary>Decides which SQLite file a command uses: an explicit path, else $LD_OUTREACH_STORE, else the per-user data folder.</summary>
public static class StoreLocation
{
    public const string EnvironmentVariable = "LD_OUTREACH_STORE";
    public const string FileName = "store.db";

    public static string Resolve(string? explicitPath = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath)) return Path.GetFullPath(explicitPath);
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return Path.GetFullPath(fromEnvironment);
        return Path.Combine(DataFolder(), "LeanData.Outreach", FileName);
    }

    /// <summary>XDG_DATA_HOME or ~/.local/share on Unix; LOCALAPPDATA on Windows.</summary>
    public static string DataFolder()
    {
        if (OperatingSystem.IsWindows())
            return Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg)) return xdg;
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
    }
}
