using System.Runtime.InteropServices;

namespace LeanData.Outreach.Cmdlets.Base;

/// <summary>SIGTERM (systemd stop, docker stop) cancels a long-running cmdlet as Ctrl+C does, so it ends cleanly; nothing on Windows.</summary>
internal static class SigtermStop
{
    public static IDisposable? Register(CancellationTokenSource stop)
    {
        if (OperatingSystem.IsWindows()) return null;
        return PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;   // stop the work, keep what is unsent, then let the script end
            stop.Cancel();
        });
    }
}
