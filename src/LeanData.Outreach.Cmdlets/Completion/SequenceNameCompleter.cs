using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace LeanData.Outreach.Cmdlets.Completion;

/// <summary>
/// Completes sequence names from the catalog cache: the sequences usable for Add to Sequence (shared with the
/// org), best matches first. Put it on any parameter that takes a sequence name:
/// <c>[ArgumentCompleter(typeof(SequenceNameCompleter))]</c>. Reads only the cache (Get-LDSequence -Refresh fills it).
/// </summary>
public sealed class SequenceNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) => CatalogCompletion.Complete(fakeBoundParameters, wordToComplete, (cache, word) =>
        CatalogCompletion.Rank(cache.GetSequences().Where(s => s.Usable), word, s => s.Name)
            .Select(s => new CompletionResult(CatalogCompletion.Quote(s.Name), s.Name, CompletionResultType.ParameterValue,
                $"Sequence {s.Id}: {(s.Enabled ? "enabled" : "disabled")}, {(s.HasEmailStep ? "email steps" : "no email steps")}, " +
                $"duplicates {s.PermitDuplicateProspects ?? "?"}, exclusivity {s.SequenceExclusivity ?? "?"}")));
}
