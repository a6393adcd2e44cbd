namespace LeanData.Outreach.Errors;

/// <summary>
/// Base for every failure the Core raises to a caller. <see cref="Error"/> is its catalog entry: the stable id
/// (the FullyQualifiedErrorId prefix), PowerShell category and default remedy; <see cref="Category"/> is the
/// failure category the engine acts on; <see cref="RecommendedAction"/> is the text for ErrorDetails.RecommendedAction.
/// Messages never contain secrets.
/// </summary>
public class LDOutreachException : Exception
{
    public LDOutreachException(ErrorDefinition error, FailureCategory category, string message, string? recommendedAction = null, Exception? inner = null)
        : base(message, inner)
    {
        Error = error;
        Category = category;
        RecommendedAction = recommendedAction ?? error.RecommendedAction;
    }

    public ErrorDefinition Error { get; }
    public string ErrorId => Error.Id;
    public FailureCategory Category { get; }
    public string RecommendedAction { get; }
    public ErrorDescriptor Descriptor => ErrorCatalog.Get(Category);
}
