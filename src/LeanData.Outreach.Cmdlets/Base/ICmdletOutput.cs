using System.Management.Automation;

namespace LeanData.Outreach.Cmdlets.Base;

/// <summary>
/// What background work may send to the pipeline. Calls from any thread are queued and written by the
/// pipeline thread, because PowerShell forbids writes from other threads.
/// </summary>
public interface ICmdletOutput
{
    void WriteObject(object? value);
    void WriteError(ErrorRecord error);
    void WriteWarning(string text);
    void WriteVerbose(string text);
    void WriteDebug(string text);
    void WriteProgress(ProgressRecord progress);
}
