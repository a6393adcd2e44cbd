using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outreach.Client;
using LeanData.Outreach.Outreach.OAuth;

namespace LeanData.Outreach.Engine.Bulk;

/// <summary>
/// Whether this client may use the Bulk API: its token must grant batches.read and batches.write, and a 403 from the Bulk
/// API turns it off for the run. Either way one warning is raised, once, and records take the per-record path.
/// </summary>
public sealed class BulkAvailability(OutreachClient client)
{
    private int _off;

    /// <summary>The scopes the Bulk API needs besides the ones every enrollment needs.</summary>
    public static IReadOnlyList<string> Scopes { get; } = [OutreachScopes.BatchesRead, OutreachScopes.BatchesWrite];

    /// <summary>Under -WhatIf, from the stored connection's scopes (no connection, or none recorded: assumed granted).</summary>
    public static bool GrantedBy(IReadOnlyCollection<string>? granted) => granted is null || Scopes.All(s => OutreachScopes.Grants(granted, s));

    /// <summary>Raised once, from a worker thread, when bulk enrollment is turned off.</summary>
    public event Action<string>? Warned;

    public bool IsAvailable
    {
        get
        {
            if (Volatile.Read(ref _off) == 1) return false;
            var missing = Scopes.Where(s => !client.IsGranted(s)).ToList();
            if (missing.Count == 0) return true;
            TurnOff($"Bulk enrollment is off: the Outreach authorization lacks {string.Join(" and ", missing)}, so every record is sent on its own " +
                "(one request per enrollment). Grant the scopes and run Connect-LDOutreach again to enroll thousands of records per request.");
            return false;
        }
    }

    /// <summary>Outreach refused a Bulk API request with a 403: the per-record path takes over for the rest of the run.</summary>
    public void Refused(OutreachFailure failure) =>
        TurnOff($"Bulk enrollment is off for this run: Outreach refused the Bulk API ({failure.Category}: {failure.Message}), so every record is sent on its own. " +
            failure.RecommendedAction);

    private void TurnOff(string warning)
    {
        if (Interlocked.Exchange(ref _off, 1) == 0) Warned?.Invoke(warning);
    }
}
