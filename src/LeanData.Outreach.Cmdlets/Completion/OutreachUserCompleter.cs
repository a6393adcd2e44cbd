using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace LeanData.Outreach.Cmdlets.Completion;

/// <summary>
/// Completes Outreach users from the catalog cache, by email or name; the completion text is the user's email.
/// Users who can send (mailbox Send and Sync enabled, as the "Specific User" list) come first; those who cannot
/// (user locked, no mailbox, send or sync disabled, invalid send credentials) follow, marked with the reason, so
/// they are never offered as usable. Put it on any parameter that names a sending user:
/// <c>[ArgumentCompleter(typeof(OutreachUserCompleter))]</c>.
/// </summary>
public sealed class OutreachUserCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) => CatalogCompletion.Complete(fakeBoundParameters, wordToComplete, (cache, word) =>
        CatalogCompletion.Rank(cache.GetSenders(), word, s => s.Email, s => s.Name)
            .OrderBy(s => s.CannotSendReason is not null)
            .Select(s =>
            {
                var text = s.Email ?? s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var name = s.Name is null ? text : $"{text} ({s.Name})";
                return s.CannotSendReason is { } reason
                    ? new CompletionResult(CatalogCompletion.Quote(text), $"{name} - cannot send: {reason}", CompletionResultType.ParameterValue,
                        $"Outreach user {s.Id} cannot send: {reason}")
                    : new CompletionResult(CatalogCompletion.Quote(text), name, CompletionResultType.ParameterValue,
                        $"Outreach user {s.Id}, mailbox {s.MailboxId} {s.MailboxEmail}");
            }));
}
