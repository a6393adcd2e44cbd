using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using LeanData.Outreach.Cmdlets.Completion;
using LeanData.Outreach.Logs;

namespace LeanData.Outreach.Cmdlets.Commands.Logs;

/// <summary>Completes -Outcome with the audit log's filter names first ('Success (Outreach)'...), then the short names.</summary>
public sealed class AuditOutcomeCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var word = CatalogCompletion.Unquote(wordToComplete);
        var names = OutcomeDisplay.FilterNames.Select(n => (Text: n.Key, Tip: $"{n.Key}: the audit log filter ({n.Value})"))
            .Concat(Enum.GetNames<AuditOutcome>().Select(n => (Text: n, Tip: $"{n} outcome")));
        return CatalogCompletion.Rank(names, word, n => n.Text)
            .Select(n => new CompletionResult(CatalogCompletion.Quote(n.Text), n.Text, CompletionResultType.ParameterValue, n.Tip));
    }
}
