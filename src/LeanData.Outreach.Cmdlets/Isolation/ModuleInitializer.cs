using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace LeanData.Outreach.Cmdlets.Isolation;

/// <summary>
/// Runs at Import-Module and does only one thing: route the engine assembly's name to the isolated
/// load context. No store, no network, no work at import.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer
{
    internal const string EngineAssemblyName = "LeanData.Outreach.Core";
    private static readonly object Gate = new();
    private static DependencyLoadContext? _context;

    public void OnImport() => EnsureHooked();

    internal static void EnsureHooked()
    {
        lock (Gate)
        {
            if (_context is not null) return;
            var moduleFolder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;
            var dependencies = Path.Combine(moduleFolder, "dependencies");
            // In-process tests load the cmdlet assembly straight from bin/, where everything sits in one folder
            // and the default context already resolves it; only the shipped layout needs the hook.
            if (!Directory.Exists(dependencies)) return;
            _context = new DependencyLoadContext(dependencies);
            AssemblyLoadContext.Default.Resolving += ResolveEngine;
        }
    }

    private static Assembly? ResolveEngine(AssemblyLoadContext defaultContext, AssemblyName name) =>
        name.Name == EngineAssemblyName ? _context?.LoadFromAssemblyName(name) : null;
}
