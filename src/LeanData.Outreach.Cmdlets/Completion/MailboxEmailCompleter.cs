using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace LeanData.Outreach.Cmdlets.Completion;

/// <summary>Completes mailbox email addresses from the catalog cache, marking mailboxes that cannot send.</summary>
public sealed class MailboxEmailCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) => CatalogCompletion.Complete(fakeBoundParameters, wordToComplete, (cache, word) =>
        CatalogCompletion.Rank(cache.GetMailboxes().Where(m => m.Email is not null), word, m => m.Email)
            .Select(m => new CompletionResult(CatalogCompletion.Quote(m.Email!), m.Email!, CompletionResultType.ParameterValue,
                $"Mailbox {m.Id} of user {m.UserId}: send {(m.SendEnabled ? "on" : "off")}, sync {(m.SyncEnabled ? "on" : "off")}" +
                (m.SendCredentialsValid ? "" : ", invalid send credentials"))));
}
