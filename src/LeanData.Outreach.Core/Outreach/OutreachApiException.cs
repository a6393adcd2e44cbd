using LeanData.Outreach.Errors;

namespace LeanData.Outreach.Outreach;

/// <summary>A classified Outreach failure raised from a call that returns no result object (listing, identity).</summary>
public sealed class OutreachApiException(OutreachFailure failure, Exception? inner = null)
    : LDOutreachException(ErrorCatalog.Definition(failure.Category), failure.Category, failure.ToString(), failure.RecommendedAction, inner)
{
    public OutreachFailure Failure { get; } = failure;
}
