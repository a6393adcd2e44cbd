using System.Runtime.InteropServices;

namespace LeanData.Outreach.Cmdlets.Isolation;

/// <summary>Finds a native library under dependencies/runtimes/&lt;os&gt;-&lt;arch&gt;/native/ for the running platform.</summary>
internal static class NativeLibraryPath
{
    public static string? Find(string dependencyFolder, string libraryName)
    {
        var rid = $"{OperatingSystemMoniker()}-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";
        var folder = Path.Combine(dependencyFolder, "runtimes", rid, "native");
        foreach (var fileName in FileNames(libraryName))
        {
            var candidate = Path.Combine(folder, fileName);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static string OperatingSystemMoniker() =>
        OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";

    private static IEnumerable<string> FileNames(string name)
    {
        yield return name;
        if (OperatingSystem.IsWindows()) { yield return name + ".dll"; yield break; }
        var extension = OperatingSystem.IsMacOS() ? ".dylib" : ".so";
        yield return name + extension;
        if (!name.StartsWith("lib", StringComparison.Ordinal)) yield return "lib" + name + extension;
    }
}
