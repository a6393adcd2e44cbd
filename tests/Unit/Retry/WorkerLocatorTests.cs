using LeanData.Outreach.Scheduling;
using Xunit;

namespace LeanData.Outreach.Tests.Retry;

public sealed class WorkerLocatorTests
{
    [Fact]
    public void Pwsh_is_the_first_one_on_path_as_path_names_it_and_relative_entries_are_skipped()
    {
        var files = new HashSet<string> { "bin/pwsh", "/usr/bin/pwsh", "/opt/microsoft/powershell/7/pwsh" };
        var path = string.Join(Path.PathSeparator, "bin", "/usr/local/bin", "/usr/bin", "/opt/microsoft/powershell/7");
        Assert.Equal("/usr/bin/pwsh", WorkerLocator.FindPwshOnPath(path, windows: false, files.Contains));
        Assert.Null(WorkerLocator.FindPwshOnPath("/usr/local/bin", windows: false, files.Contains));
        Assert.Null(WorkerLocator.FindPwshOnPath(null, windows: false, files.Contains));
    }

    [Fact]
    public void The_standard_module_folders_are_the_ones_a_scheduled_pwsh_searches()
    {
        Assert.Equal(["/home/ann/.local/share/powershell/Modules", "/usr/local/share/powershell/Modules", "/opt/pwsh/Modules"],
            WorkerLocator.StandardModuleFolders(windows: false, "/home/ann", null, null, "/opt/pwsh"));
        Assert.Equal([Path.Combine("D:/Docs", "PowerShell", "Modules"), Path.Combine("C:/PF", "PowerShell", "Modules"), Path.Combine("C:/PF/PowerShell/7", "Modules")],
            WorkerLocator.StandardModuleFolders(windows: true, "C:/Users/ann", "D:/Docs", "C:/PF", "C:/PF/PowerShell/7"));
    }

    [Fact]
    public void The_installed_module_is_found_directly_or_in_its_newest_version_folder()
    {
        var files = new HashSet<string>
        {
            "/u/LeanData.Outreach/0.9.0/LeanData.Outreach.psd1",
            "/u/LeanData.Outreach/0.10.0/LeanData.Outreach.psd1",
            "/a/LeanData.Outreach/LeanData.Outreach.psd1",
        };
        IEnumerable<string> Subfolders(string d) => d == "/u/LeanData.Outreach" ? ["/u/LeanData.Outreach/0.9.0", "/u/LeanData.Outreach/0.10.0"] : [];
        Assert.Equal("/u/LeanData.Outreach/0.10.0/LeanData.Outreach.psd1", WorkerLocator.FindInstalledModule(["/none", "/u", "/a"], files.Contains, Subfolders));
        Assert.Equal("/a/LeanData.Outreach/LeanData.Outreach.psd1", WorkerLocator.FindInstalledModule(["/a", "/u"], files.Contains, Subfolders));
        Assert.Null(WorkerLocator.FindInstalledModule(["/none"], files.Contains, Subfolders));
    }
}
