namespace LeanData.Outreach.Sandbox.Api;

/// <summary>
/// Why an enrollment was refused: the error POST /sequenceStates answers with, and (its <see cref="Detail"/>) the
/// <c>info</c> of a failed batchItem.
/// </summary>
public sealed record EnrollmentRefusal(int Status, string Id, string Title, string Detail, string? Pointer = null)
{
    public static readonly EnrollmentRefusal UnauthorizedRequest =
        new(403, "unauthorizedRequest", "Unauthorized Request", "You are not authorized to perform that request.");

    public static EnrollmentRefusal NotFound(string type, long id) =>
        new(404, "resourceNotFound", "Resource Not Found", $"Could not find '{type}' with ID '{id}'.");

    public static EnrollmentRefusal Validation(string detail, string? pointer = null) =>
        new(422, "validationError", "Validation Error", detail, pointer);
}
