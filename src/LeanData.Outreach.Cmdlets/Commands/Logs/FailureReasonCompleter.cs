using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Logs;

namespace LeanData.Outreach.Cmdlets.Commands.Logs;

/// <summary>Completes the partner log's failure reasons.</summary>
public sealed class FailureReasonCompleter : IArgumentCompleter
{
    private static readonly string[] Reasons =
    [
        ErrorCatalog.FailureReasonTokenInvalid, ErrorCatalog.FailureReasonPartnerNotAuthorized, ErrorCatalog.FailureReasonObjectDeleted,
        ErrorCatalog.FailureReasonObjectMerged, ErrorCatalog.FailureReasonRetryAttemptExceeded, CalloutHistoryCap.FailureReason,
    ];

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = wordToComplete.Trim('\'', '"');
        return Reasons.Where(r => r.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(r => new CompletionResult($"'{r}'", r, CompletionResultType.ParameterValue, r));
    }
}
