namespace LeanData.Outreach.Errors;

/// <summary>
/// The error ids of Export-LDRoutingReport: its preconditions and file problems, which are not failure categories
/// of an action (those are <see cref="FailureCategory"/>). Declared beside the catalog so every id lives in Errors/.
/// </summary>
public static class RoutingReportErrors
{
    /// <summary>-Until is not after -Since.</summary>
    public const string EmptyRange = "RoutingReport.EmptyRange";

    /// <summary>-Path names a folder.</summary>
    public const string PathIsFolder = "RoutingReport.PathIsFolder";

    /// <summary>The folder of -Path does not exist.</summary>
    public const string FolderNotFound = "RoutingReport.FolderNotFound";

    /// <summary>The file exists, -Force was not given and the host cannot ask.</summary>
    public const string FileExists = "RoutingReport.FileExists";

    /// <summary>Writing or renaming the file failed.</summary>
    public const string WriteFailed = "RoutingReport.WriteFailed";

    /// <summary>The report was written but no browser could be started (-Open); non-terminating.</summary>
    public const string OpenFailed = "RoutingReport.OpenFailed";
}
