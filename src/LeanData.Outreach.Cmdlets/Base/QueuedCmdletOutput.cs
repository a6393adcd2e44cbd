using System.Collections.Concurrent;
using System.Management.Automation;

namespace LeanData.Outreach.Cmdlets.Base;

/// <summary>Queues writes from worker threads for the pipeline thread to perform.</summary>
internal sealed class QueuedCmdletOutput(BlockingCollection<Action<Cmdlet>> queue) : ICmdletOutput
{
    public void WriteObject(object? value) => queue.Add(c => c.WriteObject(value));
    public void WriteError(ErrorRecord error) => queue.Add(c => c.WriteError(error));
    public void WriteWarning(string text) => queue.Add(c => c.WriteWarning(text));
    public void WriteVerbose(string text) => queue.Add(c => c.WriteVerbose(text));
    public void WriteDebug(string text) => queue.Add(c => c.WriteDebug(text));
    public void WriteProgress(ProgressRecord progress) => queue.Add(c => c.WriteProgress(progress));
}
