using System.Diagnostics;

namespace LeanData.Outreach.Cmdlets.Commands.Connection;

/// <summary>
/// Opens a URL in the user's browser where one exists: $BROWSER if set (the Unix convention), the shell on
/// Windows, <c>open</c> on macOS, <c>xdg-open</c> on Linux only when a display is available. Never throws.
/// </summary>
internal static class BrowserLauncher
{
    public static bool TryOpen(Uri url, out string? reason)
    {
        reason = null;
        try
        {
            var browser = Environment.GetEnvironmentVariable("BROWSER")?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            ProcessStartInfo info;
            if (!string.IsNullOrEmpty(browser))
                info = new ProcessStartInfo(browser) { ArgumentList = { url.AbsoluteUri } };
            else if (OperatingSystem.IsWindows())
                info = new ProcessStartInfo(url.AbsoluteUri) { UseShellExecute = true };
            else if (OperatingSystem.IsMacOS())
                info = new ProcessStartInfo("open") { ArgumentList = { url.AbsoluteUri } };
            else if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY")) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY")))
                info = new ProcessStartInfo("xdg-open") { ArgumentList = { url.AbsoluteUri } };
            else
            {
                reason = "no display is available";
                return false;
            }
            using var process = Process.Start(info);
            return process is not null;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            reason = ex.Message;
            return false;
        }
    }
}
