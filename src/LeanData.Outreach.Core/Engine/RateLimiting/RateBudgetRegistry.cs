using System.Collections.Concurrent;
using LeanData.Outreach.Configuration;

namespace LeanData.Outreach.Engine.RateLimiting;

/// <summary>
/// One <see cref="ClientRateBudget"/> per Outreach user per process, so consecutive commands (and the retry
/// worker) share the hourly budget instead of each starting afresh. Changing the settings starts a new budget.
/// </summary>
public static class RateBudgetRegistry
{
    private static readonly ConcurrentDictionary<long, ClientRateBudget> Budgets = new();

    public static ClientRateBudget For(long outreachUserId, RateLimitSettings settings)
    {
        while (true)
        {
            var budget = Budgets.GetOrAdd(outreachUserId, _ => new ClientRateBudget(settings));
            if (budget.Settings == settings) return budget;
            // The old budget may still be in use by a running command; it is left to the collector, not disposed.
            Budgets.TryUpdate(outreachUserId, new ClientRateBudget(settings), budget);
        }
    }

    /// <summary>Forgets every budget (tests).</summary>
    public static void Reset()
    {
        foreach (var key in Budgets.Keys)
            if (Budgets.TryRemove(key, out var budget)) budget.Dispose();
    }
}
