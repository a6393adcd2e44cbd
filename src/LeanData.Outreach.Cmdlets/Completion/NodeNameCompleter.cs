using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using LeanData.Outreach.Store;

namespace LeanData.Outreach.Cmdlets.Completion;

/// <summary>Completes the node names the command line's store has logged (audit and partner log filters).</summary>
public sealed class NodeNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) => CatalogCompletion.Safely(() =>
    {
        if (CatalogCompletion.OpenStore(fakeBoundParameters) is not { } store) return [];
        return CatalogCompletion.Rank(new AuditLogQuery(store).ReadNodeNames(), CatalogCompletion.Unquote(wordToComplete), n => n)
            .Select(n => new CompletionResult(CatalogCompletion.Quote(n), n, CompletionResultType.ParameterValue, $"Node '{n}' in the log"));
    });
}
