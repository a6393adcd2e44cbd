using System.Management.Automation;

namespace LeanData.Outreach.Cmdlets.Base;

/// <summary>One progress bar per operation, always completed when disposed (even on error or Ctrl+C).</summary>
public sealed class ProgressReporter(ICmdletOutput output, int activityId, string activity) : IDisposable
{
    private bool _started;

    public void Report(string status, int percentComplete = -1, string? currentOperation = null)
    {
        _started = true;
        output.WriteProgress(new ProgressRecord(activityId, activity, status)
        {
            PercentComplete = Math.Clamp(percentComplete, -1, 100),
            CurrentOperation = currentOperation,
        });
    }

    public void Dispose()
    {
        if (!_started) return;
        output.WriteProgress(new ProgressRecord(activityId, activity, "Completed") { RecordType = ProgressRecordType.Completed });
    }
}
