using LeanData.Outreach.Errors;

namespace LeanData.Outreach.UseCases;

/// <summary>A precondition of a use case failed (nothing was sent): its stable id, catalog category, remedy and the value at fault.</summary>
public sealed class UseCaseException(ErrorDefinition error, FailureCategory category, string message, string? recommendedAction, object? target = null, Exception? inner = null)
    : LDOutreachException(error, category, message, recommendedAction, inner)
{
    public object? Target { get; } = target;
}
