namespace LeanData.Outreach.Scheduling;

/// <summary>
/// Finds what a schedule should start, preferring what survives upgrades and rebuilds: the pwsh on PATH (not the
/// tool cache's pwsh.dll a session may run) and the module installed in a folder every pwsh searches (imported by
/// name, not from a build folder such as out/ that a rebuild deletes).
/// </summary>
public static class WorkerLocator
{
    public const string ModuleName = "LeanData.Outreach";

    /// <summary>The first pwsh (pwsh.exe on Windows) in <paramref name="pathVariable"/>, as found there (symlinks kept, so upgrades follow).</summary>
    public static string? FindPwshOnPath(string? pathVariable, bool windows, Func<string, bool> isFile)
    {
        if (string.IsNullOrEmpty(pathVariable)) return null;
        var name = windows ? "pwsh.exe" : "pwsh";
        foreach (var folder in pathVariable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Path.IsPathRooted(folder)) continue;   // a relative PATH entry means nothing to a scheduler
            var candidate = Path.Combine(folder, name);
            if (isFile(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>
    /// The module folders a pwsh started by a scheduler searches without any PSModulePath set: the user's
    /// (~/.local/share/powershell/Modules, or Documents\PowerShell\Modules), all users', and $PSHOME/Modules.
    /// </summary>
    public static IReadOnlyList<string> StandardModuleFolders(bool windows, string home, string? documents, string? programFiles, string psHome)
    {
        var folders = new List<string>();
        if (windows)
        {
            if (!string.IsNullOrEmpty(documents)) folders.Add(Path.Combine(documents, "PowerShell", "Modules"));
            if (!string.IsNullOrEmpty(programFiles)) folders.Add(Path.Combine(programFiles, "PowerShell", "Modules"));
        }
        else
        {
            folders.Add(Path.Combine(home, ".local", "share", "powershell", "Modules"));
            folders.Add("/usr/local/share/powershell/Modules");
        }
        folders.Add(Path.Combine(psHome, "Modules"));
        return folders;
    }

    /// <summary>The installed manifest (Modules/LeanData.Outreach/[version/]LeanData.Outreach.psd1) in the first folder that has one.</summary>
    public static string? FindInstalledModule(IEnumerable<string> moduleFolders, Func<string, bool> isFile, Func<string, IEnumerable<string>> subfolders)
    {
        foreach (var folder in moduleFolders)
        {
            var moduleFolder = Path.Combine(folder, ModuleName);
            var direct = Path.Combine(moduleFolder, ModuleName + ".psd1");
            if (isFile(direct)) return direct;
            foreach (var version in subfolders(moduleFolder).OrderByDescending(v => Version.TryParse(Path.GetFileName(v), out var parsed) ? parsed : new Version()))
            {
                var versioned = Path.Combine(version, ModuleName + ".psd1");
                if (isFile(versioned)) return versioned;
            }
        }
        return null;
    }
}
