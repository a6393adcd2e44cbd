using System.Collections.Concurrent;

namespace LeanData.Outreach.Cmdlets.Base;

/// <summary>
/// Runs async work off the pipeline thread while the pipeline thread pumps its output. If the pipeline
/// stops (Ctrl+C, -ErrorAction Stop, Select-Object -First), the work is cancelled and awaited before the
/// exception continues, so nothing keeps running behind the user's back.
/// </summary>
public abstract class AsyncLDCmdlet : LDCmdlet
{
    private volatile ICmdletOutput? _pumping;
    private LeanData.Outreach.Outreach.IOutreachObserver? _debugObserver;

    /// <summary>
    /// Debug lines for every Outreach request and wait, written through the running pump; null unless debug output
    /// is wanted (-Debug, or $DebugPreference other than SilentlyContinue).
    /// </summary>
    protected LeanData.Outreach.Outreach.IOutreachObserver? DebugObserver =>
        _debugObserver ??= DebugWanted() ? new DebugCalloutObserver(WriteDebugThroughPump) : null;

    private void WriteDebugThroughPump(string text)
    {
        try
        {
            _pumping?.WriteDebug(text);
        }
        catch (InvalidOperationException)
        {
            // The pump finished between the check and the write: the line is dropped, never written off-thread.
        }
    }

    protected void RunAsync(Func<ICmdletOutput, CancellationToken, Task> work)
    {
        using var queue = new BlockingCollection<Action<System.Management.Automation.Cmdlet>>();
        var output = new QueuedCmdletOutput(queue);
        var outer = _pumping;
        _pumping = output;
        try
        {
            Pump(work, queue, output);
        }
        finally
        {
            _pumping = outer;
        }
    }

    private void Pump(Func<ICmdletOutput, CancellationToken, Task> work, BlockingCollection<Action<System.Management.Automation.Cmdlet>> queue, QueuedCmdletOutput output)
    {
        var token = CancellationToken;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(token);
        var task = Task.Run(async () =>
        {
            try { await work(output, linked.Token).ConfigureAwait(false); }
            finally { queue.CompleteAdding(); }
        }, CancellationToken.None);

        try
        {
            foreach (var write in queue.GetConsumingEnumerable()) write(this);
        }
        catch
        {
            linked.Cancel();
            try { task.GetAwaiter().GetResult(); } catch (Exception) { /* the pipeline's own exception wins */ }
            throw;
        }
        try
        {
            task.GetAwaiter().GetResult();
        }
        catch (Exception ex) when (LeanData.Outreach.Store.StoreFailures.IsStoreFailure(ex))
        {
            ThrowStoreFailure(ex);
        }
    }
}
