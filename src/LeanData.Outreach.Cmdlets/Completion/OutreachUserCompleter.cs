using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace LeanData.Outreach.Cmdlets.Completion;

/// <summary>
/// Completes Outreach users (the senders whose mailbox has Send and Sync enabled, as the "Specific User" list)
/// from the catalog cache, by email or name; the completion text is the user's email. Put it on any parameter
/// that names a sending user: <c>[ArgumentCompleter(typeof(OutreachUserCompleter))]</c>.
/// </summary>
public sealed class OutreachUserCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) => CatalogCompletion.Complete(fakeBoundParameters, wordToComplete, (cache, word) =>
        CatalogCompletion.Rank(cache.GetSenders().Where(s => s.Usable), word, s => s.Email, s => s.Name)
            .Select(s =>
            {
                var text = s.Email ?? s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return new CompletionResult(CatalogCompletion.Quote(text), s.Name is null ? text : $"{text} ({s.Name})", CompletionResultType.ParameterValue,
                    $"Outreach user {s.Id}{(s.Locked ? " (locked)" : "")}, mailbox {s.MailboxId} {s.MailboxEmail}");
            }));
}
