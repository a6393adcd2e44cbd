using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace LeanData.Outreach.Cmdlets.Isolation;

/// <summary>
/// Loads the engine and every third-party assembly (Polly, System.Data.SQLite) and the native e_sqlite3
/// from the module's dependencies folder, apart from whatever other modules loaded into the default context.
/// </summary>
internal sealed class DependencyLoadContext : AssemblyLoadContext
{
    private readonly string _dependencyFolder;

    public DependencyLoadContext(string dependencyFolder) : base("LeanData.Outreach", isCollectible: false)
        => _dependencyFolder = dependencyFolder;

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var candidate = Path.Combine(_dependencyFolder, assemblyName.Name + ".dll");
        // Anything not shipped in dependencies/ (the framework itself, System.Management.Automation) comes from the default context.
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = NativeLibraryPath.Find(_dependencyFolder, unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
