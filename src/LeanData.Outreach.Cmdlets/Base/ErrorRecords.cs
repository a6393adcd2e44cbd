using System.Management.Automation;

namespace LeanData.Outreach.Cmdlets.Base;

/// <summary>Builds ErrorRecords the same way everywhere: stable id, real category, target, recommended action.</summary>
public static class ErrorRecords
{
    public static ErrorRecord Create(string errorId, string message, ErrorCategory category, object? target, string? recommendedAction = null, Exception? exception = null)
    {
        var record = new ErrorRecord(exception ?? new LDOutreachException(errorId, message), errorId, category, target)
        {
            ErrorDetails = new ErrorDetails(message),
        };
        if (!string.IsNullOrWhiteSpace(recommendedAction)) record.ErrorDetails.RecommendedAction = recommendedAction;
        return record;
    }

    /// <summary>Parses the catalog's category name (Core cannot reference System.Management.Automation).</summary>
    public static ErrorCategory ParseCategory(string? name) =>
        Enum.TryParse<ErrorCategory>(name, ignoreCase: true, out var category) ? category : ErrorCategory.NotSpecified;
}
