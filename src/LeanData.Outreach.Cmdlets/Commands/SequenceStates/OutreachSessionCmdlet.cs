using System.Management.Automation;
using LeanData.Outreach.Cmdlets.Base;
using LDOutreachException = LeanData.Outreach.Errors.LDOutreachException;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.SequenceStates;

namespace LeanData.Outreach.Cmdlets.Commands.SequenceStates;

/// <summary>
/// Base for cmdlets that call Outreach as the stored connection: the session is opened on first use (so
/// -WhatIf needs no connection) and closed at the end; no connection is one terminating error naming
/// Connect-LDOutreach. Every callout goes through <see cref="Callouts"/>, so each action keeps its own.
/// </summary>
public abstract class OutreachSessionCmdlet : AsyncLDCmdlet
{
    private OutreachSession? session;

    protected CalloutCapture Callouts { get; } = new();

    protected OutreachSession Session
    {
        get
        {
            if (session is not null) return session;
            try
            {
                session = OutreachSession.FromStore(Store, new OutreachSessionOptions { Observer = Callouts });
            }
            catch (LDOutreachException ex)
            {
                ThrowFailure(ex.ErrorId, ex.Message, ErrorRecords.ParseCategory(ex.Descriptor.PowerShellCategory), Store.Path, ex.RecommendedAction, ex);
            }
            return session!;
        }
    }

    /// <summary>A classified Outreach failure that stops the whole command (a list call failed).</summary>
    protected void ThrowOutreachFailure(LDOutreachException ex, object? target) =>
        ThrowFailure(ex.ErrorId, ex.Message, ErrorRecords.ParseCategory(ex.Descriptor.PowerShellCategory), target, ex.RecommendedAction, ex);

    protected override void EndProcessing()
    {
        CloseSession();
        base.EndProcessing();
    }

    protected void CloseSession()
    {
        session?.Dispose();
        session = null;
    }
}
