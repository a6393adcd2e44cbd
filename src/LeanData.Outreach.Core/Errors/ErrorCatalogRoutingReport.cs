namespace LeanData.Outreach.Errors;

/// <summary>
/// The error ids of Export-LDRoutingReport: its preconditions and file problems, which are not failure categories
/// of an action (those are <see cref="FailureCategory"/>). Declared beside the catalog so every id lives in Errors/.
/// </summary>
public static class RoutingReportErrors
{
    /// <summary>-Until is not after -Since.</summary>
    public static readonly ErrorDefinition EmptyRange = new("RoutingReport.EmptyRange", "InvalidArgument", "Give an -Until later than -Since.");

    /// <summary>-Path names a folder.</summary>
    public static readonly ErrorDefinition PathIsFolder = new("RoutingReport.PathIsFolder", "InvalidArgument", "Give -Path the name of the report file to write.");

    /// <summary>The folder of -Path does not exist.</summary>
    public static readonly ErrorDefinition FolderNotFound = new("RoutingReport.FolderNotFound", "ObjectNotFound", "Create the folder first, or choose an existing one.");

    /// <summary>The file exists, -Force was not given and the host cannot ask.</summary>
    public static readonly ErrorDefinition FileExists = new("RoutingReport.FileExists", "ResourceExists", "Use -Force to replace the file, or choose another -Path.");

    /// <summary>Writing or renaming the file failed.</summary>
    public static readonly ErrorDefinition WriteFailed = new("RoutingReport.WriteFailed", "WriteError", "Check that the folder is writable and the file is not locked, then run again.");

    /// <summary>The report was written but no browser could be started (-Open); non-terminating.</summary>
    public static readonly ErrorDefinition OpenFailed = new("RoutingReport.OpenFailed", "ResourceUnavailable", "Open the report in a browser yourself.");
}
