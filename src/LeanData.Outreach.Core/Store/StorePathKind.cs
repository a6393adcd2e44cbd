using System.Runtime.InteropServices;
using LeanData.Outreach.Errors;

namespace LeanData.Outreach.Store;

/// <summary>
/// Refuses store paths that are not (or cannot become) a regular file: a folder, or on Unix a device, pipe or socket
/// (/dev/null reads as an empty store and swallows every write). Looks at the path only; it never opens the file, because
/// closing any descriptor of a file releases the process's SQLite locks on it.
/// </summary>
internal static class StorePathKind
{
    private const int TypeMask = 0xF000, Directory = 0x4000, Regular = 0x8000;

    public static void Check(string path)
    {
        if (System.IO.Directory.Exists(path))
            throw new StoreException(FailureCategory.StorePathIsDirectory, path, $"The store path '{path}' is a folder, not a store file.");
        if (OperatingSystem.IsWindows() || !File.Exists(path)) return;
        if (UnixFileType(path) is { } type && type != Regular && type != Directory)
            throw new StoreException(FailureCategory.StorePathIsNotAFile, path,
                $"The store path '{path}' is {(type == 0x2000 || type == 0x6000 ? "a device" : type == 0x1000 ? "a pipe" : "not a regular file")}, not a store file.");
    }

    /// <summary>st_mode's file type bits, through the runtime's own stat shim (the BCL does not expose them); null if unavailable.</summary>
    private static int? UnixFileType(string path)
    {
        // FileStatus starts with int Flags, int Mode; the buffer is larger than the whole struct on every runtime.
        var buffer = new byte[512];
        try
        {
            return Stat(path, buffer) == 0 ? BitConverter.ToInt32(buffer, 4) & TypeMask : null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat")]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] buffer);
}
