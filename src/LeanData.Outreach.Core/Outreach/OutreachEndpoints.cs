using System.Net;

namespace LeanData.Outreach.Outreach;

/// <summary>Where Outreach's endpoints live relative to an API base URI, and the loopback-only rule for plain http.</summary>
public static class OutreachEndpoints
{
    public static readonly Uri DefaultApiBaseUri = new("https://api.outreach.io/api/v2");

    /// <summary>
    /// Returns the base URI normalised (no trailing slash; the host root, e.g. https://api.outreach.io, means its
    /// /api/v2). Plain http is allowed only for loopback hosts; anything else throws <see cref="InsecureApiBaseUriException"/>.
    /// </summary>
    public static Uri ValidateApiBaseUri(Uri apiBaseUri)
    {
        ArgumentNullException.ThrowIfNull(apiBaseUri);
        if (!apiBaseUri.IsAbsoluteUri)
            throw new InsecureApiBaseUriException(apiBaseUri, "The Outreach API base URI must be absolute, e.g. https://api.outreach.io/api/v2.");
        if (apiBaseUri.Scheme == Uri.UriSchemeHttps)
            return WithApiPath(Normalise(apiBaseUri));
        if (apiBaseUri.Scheme == Uri.UriSchemeHttp)
        {
            if (IsLoopback(apiBaseUri)) return WithApiPath(Normalise(apiBaseUri));
            throw new InsecureApiBaseUriException(apiBaseUri,
                $"Refusing plain http to '{apiBaseUri.Host}': tokens would cross the network unencrypted. Use https, or http only to a loopback address (127.0.0.1, ::1, localhost).");
        }
        throw new InsecureApiBaseUriException(apiBaseUri, $"Unsupported scheme '{apiBaseUri.Scheme}' for the Outreach API base URI; use https.");
    }

    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback
        || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>The OAuth token endpoint: the API base with its trailing <c>/api/v2</c> replaced by <c>/oauth/token</c>.</summary>
    public static Uri TokenEndpoint(Uri apiBaseUri) => new(ServerRoot(apiBaseUri), "oauth/token");

    /// <summary>The OAuth authorize endpoint: <c>/oauth/authorize</c> next to the API.</summary>
    public static Uri AuthorizeEndpoint(Uri apiBaseUri) => new(ServerRoot(apiBaseUri), "oauth/authorize");

    /// <summary>Resolves a path relative to the API base (e.g. "prospects/1" → .../api/v2/prospects/1).</summary>
    public static Uri Resolve(Uri apiBaseUri, string relative) =>
        relative.Length == 0 ? Normalise(apiBaseUri) : new Uri(Normalise(apiBaseUri).AbsoluteUri.TrimEnd('/') + "/" + relative.TrimStart('/'));

    private static Uri ServerRoot(Uri apiBaseUri)
    {
        var path = Normalise(apiBaseUri).AbsolutePath.TrimEnd('/');
        const string suffix = "/api/v2";
        if (path.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) path = path[..^suffix.Length];
        var builder = new UriBuilder(apiBaseUri) { Path = path + "/", Query = "", Fragment = "" };
        return builder.Uri;
    }

    private static Uri WithApiPath(Uri uri) =>
        uri.AbsolutePath is "" or "/" ? new UriBuilder(uri) { Path = "/api/v2" }.Uri : uri;

    private static Uri Normalise(Uri uri)
    {
        var builder = new UriBuilder(uri) { Query = "", Fragment = "" };
        builder.Path = builder.Path.TrimEnd('/');
        return builder.Uri;
    }
}
