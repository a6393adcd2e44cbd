using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outreach.JsonApi;

namespace LeanData.Outreach.Outreach;

/// <summary>
/// Maps an Outreach answer (HTTP status + JSON:API error <c>id</c> + <c>detail</c>/<c>details</c>) to a
/// <see cref="FailureCategory"/>, passing Outreach's message through. Enrollment 422s are matched on the
/// public strings ("Prospect active in another exclusive sequence", "Prospect has already been in this
/// sequence", "User is locked", "User not the owner") and leniently (case-, space- and punctuation-
/// insensitive substrings) on the inferred ones. An unknown 422 is <see cref="FailureCategory.GeneralValidationError"/>.
/// </summary>
public static partial class OutreachErrorClassifier
{
    // Ordered: the first matching pattern wins. Patterns are compared against the id and the message with
    // everything but letters and digits removed, lower-cased.
    private static readonly (FailureCategory Category, string[] Patterns)[] ValidationPatterns =
    [
        (FailureCategory.ProspectActiveInAnotherExclusiveSequence, ["anotherexclusivesequence", "exclusivesequence"]),
        (FailureCategory.ProspectActiveInAnotherSequence, ["activeinanothersequence", "inanothersequence", "anothersequence", "activeinothersequence"]),
        (FailureCategory.ProspectAlreadyTargeted, ["hasalreadybeeninthissequence", "alreadybeeninthissequence", "alreadytargeted", "alreadybeenadded"]),
        (FailureCategory.ProspectStillActiveInSequence, ["stillactive", "alreadyactiveinthissequence", "currentlyactiveinthissequence", "isactiveinthissequence"]),
        (FailureCategory.ProspectMissingEmail, ["missingemail", "missinganemail", "noemail", "doesnothaveanemail", "withoutanemail", "emailaddressisrequired", "emailisrequired", "requiresanemail"]),
        (FailureCategory.ProspectOptedOut, ["optedout", "optout"]),
        (FailureCategory.ProspectLocked, ["prospectislocked", "prospectlocked"]),
        (FailureCategory.UserLocked, ["userislocked", "userlocked", "ownerislocked"]),
        (FailureCategory.UserNotOwner, ["usernottheowner", "usernotowner", "isnottheowner", "nottheowner", "notowner"]),
        (FailureCategory.MailboxInvalidSendCredentials, ["invalidsendcredentials", "sendcredentials"]),
        (FailureCategory.MailboxSendDisabled, ["senddisabled", "sendingdisabled", "sendnotenabled", "sendingnotenabled", "doesnothavesendenabled", "sendingisdisabled", "sendisdisabled"]),
        (FailureCategory.ObjectMerged, ["hasbeenmerged", "merged"]),
        (FailureCategory.ObjectDeleted, ["hasbeendeleted", "deleted", "trashed"]),
    ];

    /// <summary>Classifies a response by status code, raw body and the response's rate-limit observation.</summary>
    public static OutreachFailure Classify(int statusCode, string? body, RateLimitObservation? rateLimit = null) =>
        Classify(statusCode, ParseErrorDocument(body), rateLimit, body);

    /// <summary>Classifies a response by status code and parsed error document.</summary>
    public static OutreachFailure Classify(int statusCode, JsonApiErrorDocument? document, RateLimitObservation? rateLimit = null, string? rawBody = null)
    {
        var error = document?.Errors?.FirstOrDefault();
        var id = error?.Id;
        var message = error?.Message ?? document?.Description ?? document?.Error ?? ShortText(rawBody);
        var category = Categorize(statusCode, id, message);
        DateTimeOffset? retryAt = category switch
        {
            FailureCategory.RateLimitExceeded => rateLimit?.RetryAfter ?? rateLimit?.ResetAt ?? TimeInDetail(message),
            FailureCategory.ScheduledMaintenance => rateLimit?.RetryAfter ?? TimeInDetail(message) ?? rateLimit?.ResetAt,
            _ => null,
        };
        return new OutreachFailure(category, statusCode, id, message, retryAt);
    }

    /// <summary>
    /// Classifies a failed batch item by its <c>info</c>, which is the detail the single POST /sequenceStates would have
    /// answered: the 404 ("Could not find 'prospect' with ID '9'.") and 403 texts by their status's rules, rate limit and
    /// maintenance texts as those, everything else as a 422 detail. The item carries no status of its own, so the one
    /// inferred from the text is the failure's <see cref="OutreachFailure.StatusCode"/>.
    /// </summary>
    public static OutreachFailure ClassifyBatchItem(string? info)
    {
        var status = Matches(null, info, "couldnotfind", "notfound") ? 404
            : Matches(null, info, "notauthorizedtoperform", "unauthorizedrequest", "requiredscope", "unauthorizedoauthscope") ? 403
            : Matches(null, info, "exceededyourpermittedratelimit", "ratelimitexceeded") ? 429
            : Matches(null, info, "scheduledservermaintenance") ? 503
            : 422;
        var category = Categorize(status, null, info);
        DateTimeOffset? retryAt = category is FailureCategory.RateLimitExceeded or FailureCategory.ScheduledMaintenance ? TimeInDetail(info) : null;
        return new OutreachFailure(category, status, null, info, retryAt);
    }

    /// <summary>
    /// Whether a refused bulk action says the org's daily bulk cap is reached ("Daily bulk limit reached: ..."; Outreach's
    /// wording is not public, so matched leniently on "daily" and "limit" or "cap").
    /// </summary>
    public static bool IsDailyBulkLimit(OutreachFailure failure) =>
        failure.StatusCode is 422 or 429 && Matches(failure.OutreachErrorId, failure.Message, "dailybulklimit", "dailybulkcap", "dailylimit", "dailycap");

    /// <summary>A failure where no HTTP response arrived (timeout, refused or dropped connection).</summary>
    public static OutreachFailure FromException(Exception exception) =>
        new(FailureCategory.Transient, 0, null, exception switch
        {
            TimeoutException or TaskCanceledException => "The request to Outreach timed out.",
            HttpRequestException http => "The connection to Outreach failed: " + http.Message,
            _ => "The request to Outreach failed: " + exception.Message,
        });

    /// <summary>The category for a status code, Outreach error id and message.</summary>
    public static FailureCategory Categorize(int statusCode, string? errorId, string? message)
    {
        switch (statusCode)
        {
            case 401:
                return FailureCategory.TokenInvalid;
            case 403:
                return Matches(errorId, message, "unauthorizedoauthscope", "requiredscope", "oauthscope")
                    ? FailureCategory.UnauthorizedOAuthScope
                    : FailureCategory.UnauthorizedRequest;
            case 404:
                if (Matches(errorId, message, "hasbeenmerged", "merged")) return FailureCategory.ObjectMerged;
                if (Matches(errorId, message, "hasbeendeleted", "deleted", "trashed")) return FailureCategory.ObjectDeleted;
                return FailureCategory.ResourceNotFound;
            case 410:
                return Matches(errorId, message, "merged") ? FailureCategory.ObjectMerged : FailureCategory.ObjectDeleted;
            case 408:
                return FailureCategory.Transient;
            case 429:
                return FailureCategory.RateLimitExceeded;
            case 503 when Matches(errorId, message, "scheduledservermaintenance", "maintenance"):
                return FailureCategory.ScheduledMaintenance;
            case >= 500:
                return FailureCategory.Transient;
            case 422 or 400 or 409:
                return CategorizeValidation(errorId, message);
            default:
                return FailureCategory.GeneralValidationError;
        }
    }

    /// <summary>The category for a 422: a known enrollment rule, else GeneralValidationError.</summary>
    public static FailureCategory CategorizeValidation(string? errorId, string? message)
    {
        var compactMessage = Compact(message);
        var compactId = Compact(errorId);
        foreach (var (category, patterns) in ValidationPatterns)
        {
            foreach (var pattern in patterns)
            {
                if (compactMessage.Contains(pattern, StringComparison.Ordinal) || compactId.Contains(pattern, StringComparison.Ordinal))
                    return category;
            }
        }
        return FailureCategory.GeneralValidationError;
    }

    /// <summary>Parses a JSON:API error document (or Outreach's non-JSON:API 401 shape); null when the body is not JSON.</summary>
    public static JsonApiErrorDocument? ParseErrorDocument(string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        var trimmed = body.TrimStart();
        if (!trimmed.StartsWith('{')) return null;
        try
        {
            return JsonSerializer.Deserialize(body, OutreachJsonContext.Default.JsonApiErrorDocument);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool Matches(string? errorId, string? message, params string[] patterns)
    {
        var id = Compact(errorId);
        var text = Compact(message);
        return patterns.Any(p => id.Contains(p, StringComparison.Ordinal) || text.Contains(p, StringComparison.Ordinal));
    }

    private static string Compact(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c)) builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }

    private static string? ShortText(string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        var text = body.Trim();
        return text.Length <= 300 ? text : text[..300] + "…";
    }

    /// <summary>"please try again at 2017-01-01T00:00:00" → that time (UTC when no zone is given).</summary>
    internal static DateTimeOffset? TimeInDetail(string? message)
    {
        if (string.IsNullOrEmpty(message)) return null;
        var match = TryAgainAt().Match(message);
        if (!match.Success) return null;
        return DateTimeOffset.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at : null;
    }

    [GeneratedRegex(@"try again at\s+(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)", RegexOptions.IgnoreCase)]
    private static partial Regex TryAgainAt();
}
