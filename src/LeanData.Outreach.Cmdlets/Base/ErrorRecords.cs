using System.Management.Automation;
using LeanData.Outreach.Errors;
using CoreFailure = LeanData.Outreach.Errors.LDOutreachException;

namespace LeanData.Outreach.Cmdlets.Base;

/// <summary>
/// Builds ErrorRecords the same way everywhere: stable id, real category, target, recommended action. The one
/// place that turns the Core's error catalog (failure, category, remedy, retry time) into PowerShell errors.
/// </summary>
public static class ErrorRecords
{
    /// <summary>An ErrorRecord for a catalog error: its id and ErrorCategory, and <paramref name="recommendedAction"/> or else its remedy.</summary>
    public static ErrorRecord Create(ErrorDefinition error, string message, object? target, string? recommendedAction = null, Exception? exception = null)
    {
        var record = new ErrorRecord(exception ?? new CmdletFailureException(error.Id, message), error.Id, CategoryOf(error), target)
        {
            ErrorDetails = new ErrorDetails(message),
        };
        var remedy = string.IsNullOrWhiteSpace(recommendedAction) ? error.RecommendedAction : recommendedAction;
        if (!string.IsNullOrWhiteSpace(remedy)) record.ErrorDetails.RecommendedAction = remedy;
        return record;
    }

    /// <summary>An ErrorRecord for a Core failure: its id, its catalog category and its remediation text.</summary>
    public static ErrorRecord FromFailure(CoreFailure failure, object? target) =>
        Create(failure.Error, failure.Message, target, failure.RecommendedAction, failure);

    /// <summary>
    /// An ErrorRecord for a failure category: its id and ErrorCategory, and <paramref name="recommendedAction"/> or else
    /// the catalog's remedy with <paramref name="retryAt"/> filled in.
    /// </summary>
    public static ErrorRecord FromCategory(FailureCategory category, string message, object? target,
        string? recommendedAction = null, DateTimeOffset? retryAt = null) =>
        Create(ErrorCatalog.Definition(category), message, target, recommendedAction ?? ErrorCatalog.Get(category).FormatRecommendedAction(retryAt));

    /// <summary>Parses the catalog's category name (Core cannot reference System.Management.Automation).</summary>
    private static ErrorCategory CategoryOf(ErrorDefinition error) =>
        Enum.TryParse<ErrorCategory>(error.PowerShellCategory, ignoreCase: true, out var category) ? category : ErrorCategory.NotSpecified;
}
