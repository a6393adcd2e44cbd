using System.Globalization;
using System.Text;

namespace LeanData.Outreach.Sandbox.Api;

/// <summary>
/// Error documents in Outreach's shapes (reference/outreach-api-notes.md §5). Ids, titles and the details
/// marked "Outreach" are public Outreach strings; details marked "sandbox" are the sandbox's own wording.
/// </summary>
public static class ApiErrors
{
    public static ApiResult Error(int status, string id, string title, string detail, string? pointer = null) =>
        ApiResult.Json(status, JsonBuffer.Write((id, title, detail, pointer), static (w, e) =>
        {
            w.WriteStartObject();
            w.WriteStartArray("errors");
            w.WriteStartObject();
            w.WriteString("id", e.id);
            w.WriteString("title", e.title);
            w.WriteString("detail", e.detail);
            if (e.pointer is not null)
            {
                w.WriteStartObject("source");
                w.WriteString("pointer", e.pointer);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }));

    /// <summary>422 validationError (Outreach id and title).</summary>
    public static ApiResult Validation(string detail, string? pointer = null) => Error(422, "validationError", "Validation Error", detail, pointer);

    /// <summary>404 resourceNotFound with Outreach's detail format.</summary>
    public static ApiResult NotFound(string type, long id) => From(EnrollmentRefusal.NotFound(type, id));

    /// <summary>The error document of a refused enrollment.</summary>
    public static ApiResult From(EnrollmentRefusal r) => Error(r.Status, r.Id, r.Title, r.Detail, r.Pointer);

    /// <summary>404 for a path the sandbox does not serve (sandbox wording).</summary>
    public static ApiResult UnknownRoute(string path) =>
        Error(404, "resourceNotFound", "Resource Not Found", $"No route matches '{path}'.");

    /// <summary>403 unauthorizedOauthScope with Outreach's detail format.</summary>
    public static ApiResult MissingScope(string scope) =>
        Error(403, "unauthorizedOauthScope", "Unauthorized OAuth Scope", $"Your authorization does not include the required scope '{scope}'.");

    /// <summary>403 unauthorizedRequest with Outreach's detail.</summary>
    public static ApiResult UnauthorizedRequest() => From(EnrollmentRefusal.UnauthorizedRequest);

    /// <summary>415 with Outreach's documented body, which uses the plural <c>details</c> key.</summary>
    public static ApiResult UnsupportedMediaType() => ApiResult.Json(415, Encoding.UTF8.GetBytes(
        "{\"errors\":[{\"id\":\"unsupportedMediaType\",\"title\":\"Unsupported Media Type\",\"details\":\"Expected Content-Type header to be 'application/vnd.api+json'.\"}]}"));

    /// <summary>401 with Outreach's non-JSON:API body for an undecodable token.</summary>
    public static ApiResult InvalidToken() => ApiResult.Json(401, Encoding.UTF8.GetBytes(
        "{\"error\":\"Invalid JWT token.\",\"description\":\"The JWT token could not be decoded.\"}"), "application/json; charset=utf-8");

    /// <summary>401 for an expired token: same shape; the description is the sandbox's own.</summary>
    public static ApiResult ExpiredToken() => ApiResult.Json(401, Encoding.UTF8.GetBytes(
        "{\"error\":\"Invalid JWT token.\",\"description\":\"The JWT token has expired.\"}"), "application/json; charset=utf-8");

    /// <summary>429 rateLimitExceeded with Outreach's detail format.</summary>
    public static ApiResult RateLimited(int limit, DateTimeOffset reset) =>
        Error(429, "rateLimitExceeded", "Rate Limit Exceeded",
            $"You have exceeded your permitted rate limit of {limit.ToString("N0", CultureInfo.InvariantCulture)}; please try again at {reset.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)}.");

    /// <summary>503 scheduledServerMaintenance with Outreach's detail format.</summary>
    public static ApiResult Maintenance(DateTimeOffset until) =>
        Error(503, "scheduledServerMaintenance", "Scheduled Server Maintenance",
            $"Scheduled server maintenance is under way; please try again at {until.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)}.");

    /// <summary>400 for a malformed request (sandbox wording; Outreach's is not public).</summary>
    public static ApiResult BadRequest(string detail) => Error(400, "badRequest", "Bad Request", detail);

    /// <summary>Injected 5xx (sandbox wording).</summary>
    public static ApiResult ServerFault(int status) => status switch
    {
        502 => Error(502, "badGateway", "Bad Gateway", "The sandbox injected a 502 fault."),
        503 => Error(503, "serviceUnavailable", "Service Unavailable", "The sandbox injected a 503 fault."),
        504 => Error(504, "gatewayTimeout", "Gateway Timeout", "The sandbox injected a 504 fault."),
        _ => Error(status, "internalServerError", "Internal Server Error", $"The sandbox injected a {status} fault."),
    };
}
