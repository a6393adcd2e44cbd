using Xunit;

namespace LeanData.Outreach.Tests.Retry;

/// <summary>
/// Tests that run the executor use the process-wide RateBudgetRegistry, which other suites reset (disposing the
/// budgets) between their tests; this collection runs on its own, never beside another.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RateBudgetCollection
{
    public const string Name = "Retry worker (process-wide rate budgets)";
}
