using System.Management.Automation;
using LeanData.Outreach.Logs;

namespace LeanData.Outreach.Cmdlets.Commands.Logs;

/// <summary>
/// -Outcome takes the audit log's own filter names ('Success (Outreach)', 'Error (Fallback)'...) besides the short
/// names; anything else fails binding with the accepted names. (A string parameter, not the enum: PowerShell
/// completes enum parameters with the enum's names only, ignoring the parameter's own completer.)
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ValidateAuditOutcomeAttribute : ValidateEnumeratedArgumentsAttribute
{
    protected override void ValidateElement(object element)
    {
        var text = element is PSObject pso ? pso.BaseObject?.ToString() : element?.ToString();
        if (!OutcomeDisplay.TryParseFilter(text, out _))
            throw new ValidationMetadataException(
                $"'{text}' is not an audit outcome. Use one of: {string.Join(", ", OutcomeDisplay.FilterNames.Select(n => $"'{n.Key}'"))}, " +
                $"or {string.Join(", ", Enum.GetNames<AuditOutcome>())}.");
    }
}
