using System.Management.Automation;
using LeanData.Outreach.Catalog;
using LeanData.Outreach.Outreach;
using CoreFailure = LeanData.Outreach.Errors.LDOutreachException;
using LeanData.Outreach.Engine.CatalogRefresh;
using LeanData.Outreach.Store;
using LeanData.Outreach.Connection;

namespace LeanData.Outreach.Cmdlets.Base;

/// <summary>
/// Base for cmdlets that talk to Outreach through the stored connection or read the catalog cache. The session
/// is opened on first use (so -WhatIf needs no connection) and closed at the end; no stored connection is one
/// terminating error (OutreachNotConnected, naming Connect-LDOutreach); the Core's failures keep their stable
/// id, category and remedy; Ctrl+C stops the pipeline quietly. It also keeps the catalog cache fresh.
/// </summary>
public abstract class ConnectedLDCmdlet : AsyncLDCmdlet
{
    private CatalogRepository? _catalog;
    private OutreachSession? _session;
    private bool _catalogEnsured;

    protected CatalogRepository Catalog => _catalog ??= new CatalogRepository(Store);

    /// <summary>Session settings; the defaults are Outreach's (page[size]=1000, 60 s between token mints), with debug lines under -Debug.</summary>
    protected virtual OutreachSessionOptions CreateSessionOptions() => new() { Observer = DebugObserver };

    /// <summary>Opens a new session on the stored connection (the caller disposes it). Throws the Core's OutreachNotConnected failure when nothing is stored.</summary>
    protected OutreachSession OpenSession() => OutreachSession.FromStore(Store, CreateSessionOptions());

    /// <summary>
    /// The invocation's session, opened on first use and closed in EndProcessing. No stored connection (or any other
    /// failure to open it) is a terminating error with the Core's id and remedy.
    /// </summary>
    protected OutreachSession Session
    {
        get
        {
            if (_session is not null) return _session;
            try
            {
                _session = OpenSession();
            }
            catch (CoreFailure failure)
            {
                ThrowFailure(failure, Store.Path);
            }
            return _session!;
        }
    }

    protected override void EndProcessing()
    {
        CloseSession();
        base.EndProcessing();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) CloseSession();
        base.Dispose(disposing);
    }

    protected void CloseSession()
    {
        _session?.Dispose();
        _session = null;
    }

    /// <summary>
    /// Runs <paramref name="work"/> through <see cref="AsyncLDCmdlet.RunAsync"/>; a Core failure it throws becomes a
    /// terminating error with the failure's id and remedy, and cancellation by Ctrl+C stops the pipeline quietly.
    /// </summary>
    protected void RunConnected(Func<ICmdletOutput, CancellationToken, Task> work, object? target)
    {
        try
        {
            RunAsync(work);
        }
        catch (CoreFailure failure)
        {
            ThrowFailure(failure, target);
        }
        catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>Runs <see cref="EnsureCatalogAsync"/> once per invocation (on the first record), for the catalog cmdlets.</summary>
    protected void EnsureCatalogOnce(CatalogKinds kinds, bool force)
    {
        if (_catalogEnsured) return;
        RunConnected((output, ct) => EnsureCatalogAsync(kinds, force, output, ct), Store.Path);
        _catalogEnsured = true;
    }

    /// <summary>
    /// Makes sure the cache holds <paramref name="kinds"/>: refreshes from Outreach when forced, never refreshed,
    /// or older than <see cref="CatalogRefresher.DefaultMaxAge"/>. When a refresh that was not forced fails and a
    /// cached copy exists, warns and keeps the cache; otherwise the failure is thrown.
    /// </summary>
    protected async Task EnsureCatalogAsync(CatalogKinds kinds, bool force, ICmdletOutput output, CancellationToken cancellationToken)
    {
        var refreshedAt = Catalog.GetRefreshedAt(kinds);
        if (!force && refreshedAt is { } at && DateTimeOffset.UtcNow - at <= CatalogRefresher.DefaultMaxAge) return;
        output.WriteVerbose(force ? "Refreshing the Outreach catalog." :
            refreshedAt is null ? "The Outreach catalog has not been read yet; reading it." : $"The Outreach catalog is from {refreshedAt:u}; refreshing it.");
        try
        {
            using var session = OpenSession();
            using var progress = new ProgressReporter(output, 1, "Reading the Outreach catalog");
            var refresher = new CatalogRefresher(session.Client, Catalog);
            var result = await refresher.RefreshAsync(kinds, new CatalogProgress(progress), cancellationToken).ConfigureAwait(false);
            output.WriteVerbose($"Catalog refreshed: {result.Sequences?.ToString() ?? "-"} sequences, {result.Users?.ToString() ?? "-"} users, {result.Mailboxes?.ToString() ?? "-"} mailboxes.");
            foreach (var missing in LeanData.Outreach.Outreach.OAuth.OutreachScopes.Optional.Where(o => result.UnavailableScopes.Contains(o.Scope)))
                output.WriteVerbose($"Without {missing.Scope}: {missing.WithoutIt}");
        }
        catch (CoreFailure failure) when (!force && refreshedAt is not null)
        {
            output.WriteWarning($"Could not refresh the Outreach catalog ({failure.ErrorId}: {failure.Message}); using the copy from {refreshedAt:u}.");
        }
    }

    private sealed class CatalogProgress(ProgressReporter reporter) : IProgress<CatalogRefreshProgress>
    {
        public void Report(CatalogRefreshProgress value) => reporter.Report($"{value.List}: {value.ItemsRead} read");
    }
}
