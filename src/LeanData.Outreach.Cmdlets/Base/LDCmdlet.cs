using System.Management.Automation;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Store;
using CoreFailure = LeanData.Outreach.Errors.LDOutreachException;

namespace LeanData.Outreach.Cmdlets.Base;

/// <summary>
/// Plumbing every LeanData.Outreach cmdlet shares: which store it uses, one cancellation token per
/// invocation (cancelled by Ctrl+C through StopProcessing), and ErrorRecords with stable ids.
/// </summary>
public abstract class LDCmdlet : PSCmdlet, IDisposable
{
    private CancellationTokenSource? _cancellation;
    private LDStore? _store;

    /// <summary>The SQLite store file. Defaults to $env:LD_OUTREACH_STORE, else the per-user data folder.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StorePath { get; set; }

    protected CancellationToken CancellationToken => (_cancellation ??= new CancellationTokenSource()).Token;

    /// <summary>The store, resolved on first use (nothing is opened or created before a cmdlet needs it).</summary>
    protected LDStore Store => _store ??= LDStore.Open(ResolveStorePath());

    /// <summary>Checks the store file first (without creating or changing it): a file that cannot be a store stops the command at once.</summary>
    protected override void BeginProcessing()
    {
        DebugWithoutPrompts.Apply(this);
        _cancellation ??= new CancellationTokenSource();
        try
        {
            Store.Validate();
        }
        catch (StoreException failure)
        {
            ThrowFailure(failure, failure.Path);
        }
    }

    /// <summary>Whether debug output is wanted: -Debug, or $DebugPreference other than SilentlyContinue.</summary>
    protected bool DebugWanted() =>
        MyInvocation.BoundParameters.ContainsKey("Debug")
        || GetVariableValue("DebugPreference") is ActionPreference preference and not ActionPreference.SilentlyContinue;

    /// <summary>-WhatIf given, or $WhatIfPreference set, for a front door that plans without sending.</summary>
    protected bool WhatIfRequested =>
        MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value) ? value is SwitchParameter s && s.IsPresent
            : SessionState.PSVariable.GetValue("WhatIfPreference") is { } preference && LanguagePrimitives.IsTrue(preference);

    protected override void StopProcessing() => _cancellation?.Cancel();

    protected override void EndProcessing() => DisposeCancellation();

    /// <summary>PowerShell calls this when the pipeline ends, however it ends (Ctrl+C and terminating errors included).</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the invocation holds (sessions, runs, timers); derived cmdlets override and call the base last.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing) DisposeCancellation();
    }

    private void DisposeCancellation()
    {
        _cancellation?.Dispose();
        _cancellation = null;
    }

    private string? ResolveStorePath() =>
        StorePath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(StorePath);

    /// <summary>A per-record failure: written as a non-terminating error so -ErrorAction decides what happens.</summary>
    protected void WriteFailure(ErrorDefinition error, string message, object? target, string? recommendedAction = null, Exception? exception = null) =>
        WriteError(ErrorRecords.Create(error, message, target, recommendedAction, exception));

    /// <summary>A failed precondition: the cmdlet cannot go on at all.</summary>
    protected void ThrowFailure(ErrorDefinition error, string message, object? target, string? recommendedAction = null, Exception? exception = null) =>
        ThrowTerminatingError(ErrorRecords.Create(error, message, target, recommendedAction, exception));

    /// <summary>A per-record Core failure, with the catalog's id, category and remedy.</summary>
    protected void WriteFailure(CoreFailure failure, object? target) => WriteError(ErrorRecords.FromFailure(failure, target));

    /// <summary>A Core failure that stops the whole command.</summary>
    protected void ThrowFailure(CoreFailure failure, object? target) => ThrowTerminatingError(ErrorRecords.FromFailure(failure, target));

    /// <summary>
    /// A store failure (<see cref="StoreFailures.IsStoreFailure"/>: the store file turned out damaged, read-only, full...) as one
    /// terminating error with the catalog's Store* id, the path as target and the remedy.
    /// </summary>
    protected void ThrowStoreFailure(Exception failure)
    {
        var store = StoreFailures.From(failure, Store.Path);
        ThrowFailure(store, store.Path);
    }
}
