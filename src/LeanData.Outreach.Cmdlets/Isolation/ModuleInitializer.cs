using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace LeanData.Outreach.Cmdlets.Isolation;

/// <summary>
/// Runs at Import-Module and does only one thing: route the engine assembly's name to the isolated
/// load context. No store, no network, no work at import. Remove-Module takes the hook away again; the
/// context itself stays (what it loaded cannot be unloaded), so a later import hooks the same one.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    internal const string EngineAssemblyName = "LeanData.Outreach.Core";
    private static readonly object Gate = new();
    private static DependencyLoadContext? _context;
    private static bool _hooked;

    public void OnImport() => EnsureHooked();

    public void OnRemove(PSModuleInfo module)
    {
        lock (Gate)
        {
            if (!_hooked) return;
            AssemblyLoadContext.Default.Resolving -= ResolveEngine;
            _hooked = false;
        }
    }

    /// <summary>Whether the engine's name is routed to the isolated context now.</summary>
    internal static bool IsHooked
    {
        get { lock (Gate) return _hooked; }
    }

    internal static void EnsureHooked()
    {
        lock (Gate)
        {
            if (_hooked) return;
            if (_context is null)
            {
                var moduleFolder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;
                var dependencies = Path.Combine(moduleFolder, "dependencies");
                // In-process tests load the cmdlet assembly straight from bin/, where everything sits in one folder
                // and the default context already resolves it; only the shipped layout needs the hook.
                if (!Directory.Exists(dependencies)) return;
                _context = new DependencyLoadContext(dependencies);
            }
            AssemblyLoadContext.Default.Resolving += ResolveEngine;
            _hooked = true;
        }
    }

    private static Assembly? ResolveEngine(AssemblyLoadContext defaultContext, AssemblyName name) =>
        name.Name == EngineAssemblyName ? _context?.LoadFromAssemblyName(name) : null;
}
