using System.Globalization;
using System.Text;
using LeanData.Outreach.Engine.Execution;

namespace LeanData.Outreach.Engine.Retry;

/// <summary>
/// The retry worker's log file: one line per event, "&lt;UTC time&gt; &lt;event&gt; key=value ...", so grep, awk and log
/// shippers read it without a parser. Events: <c>drain</c> (one per drain), <c>action-failed</c> (one per action
/// that became Error), <c>stopped</c> (a run asked to stop) and <c>could-not-run</c>. The file is opened for each line
/// and closed again, so logrotate can move it at any time. Never holds secrets: messages are the catalog's and Outreach's.
/// </summary>
public sealed class RetryWorkerLog
{
    private static readonly UTF8Encoding Utf8 = new(false);
    private readonly object _gate = new();
    private readonly TimeProvider _time;

    private RetryWorkerLog(string path, TimeProvider time)
    {
        Path = path;
        _time = time;
    }

    public string Path { get; }

    /// <summary>Checks the file can be appended to (creating it and its folder), so a bad path fails before any work.</summary>
    public static RetryWorkerLog Open(string path, TimeProvider? time = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.GetDirectoryName(full) is { Length: > 0 } folder) Directory.CreateDirectory(folder);
        using (OpenAppend(full)) { }
        return new RetryWorkerLog(full, time ?? TimeProvider.System);
    }

    public void Drain(RetryWorkerDrain drain) => Write("drain",
        ("worker", drain.WorkerId), ("processed", drain.Processed), ("succeeded", drain.Succeeded), ("failed", drain.Failed),
        ("still-pending", drain.StillPending), ("pending-in-store", drain.PendingInStore), ("next-due", drain.NextDueAt),
        ("duration", drain.Duration), ("exit", drain.ExitCode));

    /// <summary>An action that became Error (or took an edge) in this run.</summary>
    public void ActionFailed(AddToSequenceResult result) => Write("action-failed",
        ("action", result.ActionId), ("record", result.RecordId), ("sequence", result.SequenceId), ("node", result.NodeName),
        ("outcome", result.Outcome), ("edge", result.Edge), ("category", result.ErrorCategory), ("attempts", result.Attempts),
        ("status", result.StatusCode), ("message", result.Message));

    public void Stopped(RetryWorkerSummary summary) => Write("stopped",
        ("worker", summary.WorkerId), ("drains", summary.Drains), ("processed", summary.Processed), ("succeeded", summary.Succeeded),
        ("failed", summary.Failed), ("still-pending", summary.StillPending), ("pending-in-store", summary.PendingInStore),
        ("next-due", summary.NextDueAt), ("duration", summary.DurationSpan), ("exit", summary.ExitCode));

    public void CouldNotRun(string errorId, string message) => Write("could-not-run",
        ("error", errorId), ("exit", RetryWorkerExitCodes.CouldNotRun), ("message", message));

    private void Write(string name, params (string Key, object? Value)[] fields)
    {
        var line = Format(_time.GetUtcNow(), name, fields) + "\n";
        var bytes = Utf8.GetBytes(line);
        lock (_gate)
        {
            using var file = OpenAppend(Path);
            file.Write(bytes);
        }
    }

    private static FileStream OpenAppend(string path) =>
        new(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);

    /// <summary>One line: ISO-8601 UTC time to the millisecond, the event name, then key=value pairs (null values left out).</summary>
    public static string Format(DateTimeOffset at, string name, IEnumerable<(string Key, object? Value)> fields)
    {
        var sb = new StringBuilder(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)).Append(' ').Append(name);
        foreach (var (key, value) in fields)
        {
            if (value is null) continue;
            sb.Append(' ').Append(key).Append('=').Append(Value(value));
        }
        return sb.ToString();
    }

    private static string Value(object value) => value switch
    {
        DateTimeOffset at => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        TimeSpan span => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s",
        Enum => value.ToString()!,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => Quote(value.ToString() ?? ""),
    };

    /// <summary>Bare when it is one plain word; otherwise double quotes with \ " and control characters escaped, on one line.</summary>
    private static string Quote(string text)
    {
        if (text.Length > 0 && text.All(c => c > ' ' && c != '"' && c != '\\' && c != '=' && c < 127)) return text;
        var sb = new StringBuilder("\"");
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (char.IsControl(c)) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
