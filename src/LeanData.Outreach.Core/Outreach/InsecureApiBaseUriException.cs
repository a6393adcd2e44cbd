using LeanData.Outreach.Errors;

namespace LeanData.Outreach.Outreach;

/// <summary>The API base URI would send tokens over plain http to a non-loopback host (or is otherwise unusable).</summary>
public sealed class InsecureApiBaseUriException(Uri apiBaseUri, string message)
    : LDOutreachException(ErrorCatalog.InsecureApiBaseUri, FailureCategory.ConfigurationError, message,
        "Use an https API base URI (the default is https://api.outreach.io/api/v2); plain http is accepted only for loopback addresses such as the sandbox.")
{
    public Uri ApiBaseUri { get; } = apiBaseUri;
}
