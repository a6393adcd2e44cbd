using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Cmdlets.Completion;
using LeanData.Outreach.Cmdlets.Commands.Connection;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Reports;
using LeanData.Outreach.UseCases;

namespace LeanData.Outreach.Cmdlets.Commands.Routing;

[Cmdlet(VerbsData.Export, "LDRoutingReport", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(FileInfo))]
public sealed class ExportLDRoutingReportCommand : LDCmdlet
{
    private const int ProgressId = 14;

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    [Parameter]
    public DateTime? Since { get; set; }

    [Parameter]
    public DateTime? Until { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NodeNameCompleter))]
    public string[]? NodeName { get; set; }

    /// <summary>Sequence ids or names (wildcards allowed).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SequenceNameCompleter))]
    public string[]? Sequence { get; set; }

    [Parameter]
    [ValidateRange(0, 1000)]
    public int Top { get; set; } = RoutingReportFilter.DefaultTop;

    [Parameter]
    public SwitchParameter Open { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        if (Since is { } s && Until is { } u && u <= s)
            ThrowFailure(RoutingReportErrors.EmptyRange, $"-Until ({u:o}) is not after -Since ({s:o}).", Until, "Give an -Until later than -Since.");
        var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        if (Directory.Exists(path))
            ThrowFailure(RoutingReportErrors.PathIsFolder, $"'{path}' is a folder; -Path names the report file to write.", Path,
                $"Give a file name, for example -Path '{System.IO.Path.Combine(path, "routing-report.html")}'.");
        var folder = System.IO.Path.GetDirectoryName(path);
        if (folder is null || !Directory.Exists(folder))
            ThrowFailure(RoutingReportErrors.FolderNotFound, $"The folder of '{path}' does not exist.", Path, "Create the folder first, or choose an existing one.");

        var export = new RoutingReportExport(Store, TimeProvider.System);
        RoutingReport report;
        var progress = new StepProgress(this);
        try
        {
            report = export.Read(Filter(), progress, CancellationToken);
        }
        finally
        {
            progress.Complete();
        }

        var what = string.Create(CultureInfo.InvariantCulture,
            $"Write the routing report of {report.Totals.Total:N0} actions from {report.From.ToUniversalTime():yyyy-MM-dd HH:mm} to {report.To.ToUniversalTime():yyyy-MM-dd HH:mm} UTC (by {report.Interval.ToString().ToLowerInvariant()}, {report.Failures.Count} error categories) as one HTML file");
        var exists = File.Exists(path);
        if (!ShouldProcess(path, exists ? what + ", replacing the file there" : what)) return;
        if (exists && !Force && !ConfirmReplace(path)) return;

        try
        {
            RoutingReportExport.Write(report, path, CancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ThrowFailure(RoutingReportErrors.WriteFailed, $"Could not write '{path}': {ex.Message}", Path, "Check that the folder is writable and the file is not locked, then run again.", ex);
        }
        WriteObject(new FileInfo(path));
        if (Open && !BrowserLauncher.TryOpen(new Uri(path), out var reason))
            WriteFailure(RoutingReportErrors.OpenFailed, $"The report was written to '{path}' but could not be opened: {reason}.", path, $"Open '{path}' in a browser yourself.");
    }

    private bool ConfirmReplace(string path)
    {
        try
        {
            return ShouldContinue($"'{path}' exists. Replace it with the new report?", "Replace the routing report");
        }
        catch (Exception ex) when (ex is PSInvalidOperationException or HostException or NotImplementedException)
        {
            // A host that cannot ask (-NonInteractive, a scheduled task): keep the file and say how to replace it.
            ThrowFailure(RoutingReportErrors.FileExists, $"'{path}' exists and this host cannot ask whether to replace it.", Path,
                "Add -Force to replace the file, or choose another -Path.", ex);
            return false;
        }
    }

    private RoutingReportFilter Filter()
    {
        var ids = new List<long>();
        var names = new List<string>();
        foreach (var value in Sequence ?? [])
        {
            if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) ids.Add(id);
            else names.Add(value);
        }
        return new RoutingReportFilter
        {
            Since = Since is { } since ? new DateTimeOffset(since) : null,
            Until = Until is { } until ? new DateTimeOffset(until) : null,
            NodeNames = NodeName ?? [],
            SequenceIds = ids,
            SequenceNames = names,
            Top = Top,
        };
    }

    /// <summary>Progress from the engine's steps, written on the pipeline thread (the query runs on it).</summary>
    private sealed class StepProgress(ExportLDRoutingReportCommand cmdlet) : IProgress<string>
    {
        private const int Steps = 7;
        private int _step;

        public void Report(string value) =>
            cmdlet.WriteProgress(new ProgressRecord(ProgressId, "Export-LDRoutingReport", value) { PercentComplete = Math.Min(99, 100 * _step++ / Steps) });

        public void Complete()
        {
            if (_step > 0) cmdlet.WriteProgress(new ProgressRecord(ProgressId, "Export-LDRoutingReport", "Completed") { RecordType = ProgressRecordType.Completed });
        }
    }
}
