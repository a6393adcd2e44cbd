using System.Collections.Concurrent;
using LeanData.Outreach.Configuration;

namespace LeanData.Outreach.Engine.RateLimiting;

/// <summary>
/// One <see cref="ClientRateBudget"/> per Outreach user (of one Outreach API, named by <c>scope</c>) per process, so consecutive commands (and the retry
/// worker) share the hourly budget instead of each starting afresh. Changing the settings starts a new budget.
/// </summary>
public static class RateBudgetRegistry
{
    private static readonly ConcurrentDictionary<(string Scope, long UserId), ClientRateBudget> Budgets = new();

    public static ClientRateBudget For(string scope, long outreachUserId, RateLimitSettings settings)
    {
        while (true)
        {
            var budget = Budgets.GetOrAdd((scope, outreachUserId), _ => new ClientRateBudget(settings));
            if (budget.Settings == settings) return budget;
            // The old budget may still be in use by a running command; it is left to the collector, not disposed.
            Budgets.TryUpdate((scope, outreachUserId), new ClientRateBudget(settings), budget);
        }
    }

    /// <summary>
    /// Forgets every budget, so the next command starts afresh. Budgets are not disposed: a command (or a test)
    /// still running keeps using the one it holds, and the collector reclaims it afterwards, as after a settings change.
    /// </summary>
    public static void Reset() => Budgets.Clear();
}
