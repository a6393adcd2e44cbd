using System.Text;
using LeanData.Outreach.Configuration;
using LeanData.Outreach.Reports;
using LeanData.Outreach.Store;

namespace LeanData.Outreach.UseCases;

/// <summary>
/// The front door of Export-LDRoutingReport: read the aggregates (from a store that exists; a missing store is
/// an empty report and is not created), render the page, and write it atomically (a temporary file beside the
/// target, flushed to disk, then renamed over it), so a reader never sees half a report.
/// </summary>
public sealed class RoutingReportExport(LDStore store, TimeProvider time)
{
    public RoutingReport Read(RoutingReportFilter filter, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        return store.Exists
            ? new RoutingReportQuery(store).Read(filter, now, progress, cancellationToken)
            : RoutingReport.Empty(filter, now, RateLimitSettings.Default.Limit, RateLimitSettings.Default.WindowSpan);
    }

    /// <summary>Writes the report to <paramref name="path"/> (replacing any file there) and returns the bytes written.</summary>
    public static long Write(RoutingReport report, string path, CancellationToken cancellationToken = default)
    {
        var html = RoutingReportHtml.Render(report);
        cancellationToken.ThrowIfCancellationRequested();
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(html);
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temporary, full, overwrite: true);
            return bytes.Length;
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
