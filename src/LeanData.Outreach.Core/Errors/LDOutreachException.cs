namespace LeanData.Outreach.Errors;

/// <summary>
/// Base for every failure the Core raises to a caller. <see cref="ErrorId"/> is stable (it becomes the
/// FullyQualifiedErrorId prefix); <see cref="Category"/> says which catalog entry (PowerShell category,
/// remedy) applies; <see cref="RecommendedAction"/> is the text for ErrorDetails.RecommendedAction.
/// Messages never contain secrets.
/// </summary>
public class LDOutreachException : Exception
{
    public LDOutreachException(string errorId, FailureCategory category, string message, string? recommendedAction = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Category = category;
        RecommendedAction = recommendedAction ?? ErrorCatalog.Get(category).RecommendedAction;
    }

    public string ErrorId { get; }
    public FailureCategory Category { get; }
    public string RecommendedAction { get; }
    public ErrorDescriptor Descriptor => ErrorCatalog.Get(Category);
}
