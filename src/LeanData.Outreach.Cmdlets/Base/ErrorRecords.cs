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
    public static ErrorRecord Create(string errorId, string message, ErrorCategory category, object? target, string? recommendedAction = null, Exception? exception = null)
    {
        var record = new ErrorRecord(exception ?? new CmdletFailureException(errorId, message), errorId, category, target)
        {
            ErrorDetails = new ErrorDetails(message),
        };
        if (!string.IsNullOrWhiteSpace(recommendedAction)) record.ErrorDetails.RecommendedAction = recommendedAction;
        return record;
    }

    /// <summary>An ErrorRecord for a Core failure: its id, its catalog category and its remediation text.</summary>
    public static ErrorRecord FromFailure(CoreFailure failure, object? target) =>
        Create(failure.ErrorId, failure.Message, CategoryOf(failure.Descriptor), target, failure.RecommendedAction, failure);

    /// <summary>
    /// An ErrorRecord for a catalog category: the category's id (unless <paramref name="errorId"/> names another) and
    /// ErrorCategory, and <paramref name="recommendedAction"/> or else the catalog's remedy with <paramref name="retryAt"/> filled in.
    /// </summary>
    public static ErrorRecord FromCategory(FailureCategory category, string message, object? target,
        string? recommendedAction = null, DateTimeOffset? retryAt = null, string? errorId = null)
    {
        var descriptor = ErrorCatalog.Get(category);
        return Create(errorId ?? descriptor.ErrorId, message, CategoryOf(descriptor), target,
            recommendedAction ?? descriptor.FormatRecommendedAction(retryAt));
    }

    /// <summary>Parses the catalog's category name (Core cannot reference System.Management.Automation).</summary>
    private static ErrorCategory CategoryOf(ErrorDescriptor descriptor) =>
        Enum.TryParse<ErrorCategory>(descriptor.PowerShellCategory, ignoreCase: true, out var category) ? category : ErrorCategory.NotSpecified;
}
