using System.Net;
using System.Text;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outreach.OAuth;

namespace LeanData.Outreach.Connection;

/// <summary>
/// Receives the OAuth redirect for the interactive Connect-LDOutreach flow: an HttpListener on the redirect
/// URI's loopback host, port and path. It accepts only a request on that path whose <c>state</c> matches,
/// answers the browser with a short page, and hands back the authorization code. Other requests (favicon,
/// probes) get a 404 and are ignored; a request with the right path and a wrong state is refused.
/// </summary>
public sealed class LoopbackRedirectListener : IDisposable
{
    /// <summary>Error id when Outreach redirects back with an error (the admin declined, or the app is not allowed).</summary>

    private readonly HttpListener listener = new();
    private readonly string path;

    private LoopbackRedirectListener(Uri redirectUri)
    {
        RedirectUri = redirectUri;
        path = NormalisePath(redirectUri.AbsolutePath);
        var prefixPath = path.EndsWith('/') ? path : path + "/";
        listener.Prefixes.Add($"http://{redirectUri.Authority}{prefixPath}");
        if (!path.EndsWith('/')) listener.Prefixes.Add($"http://{redirectUri.Authority}{path}/");
    }

    public Uri RedirectUri { get; }

    /// <summary>
    /// Starts listening on <paramref name="redirectUri"/>, which must be plain http on a loopback host with an
    /// explicit port (Outreach redirects the browser there). Throws <see cref="LoopbackListenerException"/> otherwise
    /// or when the port is taken.
    /// </summary>
    public static LoopbackRedirectListener Start(Uri redirectUri)
    {
        if (!redirectUri.IsAbsoluteUri || redirectUri.Scheme != Uri.UriSchemeHttp || !OutreachEndpoints.IsLoopback(redirectUri) || redirectUri.IsDefaultPort)
            throw new LoopbackListenerException(
                $"The interactive flow listens on the redirect URI, so it must be http on a loopback address with a port (for example http://127.0.0.1:8710/callback); '{redirectUri}' is not.",
                "Register a loopback callback URL such as http://127.0.0.1:8710/callback with Outreach and pass it as -RedirectUri, or complete the authorization in a browser and run Connect-LDOutreach -AuthorizationCode <code>.");
        var instance = new LoopbackRedirectListener(redirectUri);
        try
        {
            instance.listener.Start();
        }
        catch (HttpListenerException ex)
        {
            instance.Dispose();
            throw new LoopbackListenerException($"Cannot listen on {redirectUri.Authority}: {ex.Message}",
                "Free the port or register another loopback callback URL with Outreach and pass it as -RedirectUri.", ex);
        }
        return instance;
    }

    /// <summary>
    /// Waits for the redirect and returns the authorization code. Throws <see cref="OAuthException"/> when Outreach
    /// redirects with an error (for example access_denied) or the state does not match.
    /// </summary>
    public async Task<string> WaitForCodeAsync(string expectedState, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        using var registration = timer.Token.Register(() => { try { listener.Stop(); } catch (ObjectDisposedException) { } });
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw new LoopbackListenerException(
                    $"No authorization arrived at {RedirectUri} within {timeout.TotalSeconds:0} seconds.",
                    "Open the authorize URL in a browser and approve access, or run Connect-LDOutreach -AuthorizationCode <code> with the code from the redirect.", ex);
            }

            var request = context.Request;
            if (!string.Equals(NormalisePath(request.Url?.AbsolutePath ?? ""), path, StringComparison.Ordinal))
            {
                Respond(context, 404, "Not found.");
                continue;
            }
            var query = ParseQuery(request.Url?.Query);
            query.TryGetValue("state", out var state);
            query.TryGetValue("code", out var code);
            query.TryGetValue("error", out var error);
            if (!string.Equals(state, expectedState, StringComparison.Ordinal))
            {
                Respond(context, 400, "This authorization does not belong to the running Connect-LDOutreach (state mismatch). Close this window.");
                throw new OAuthException(ErrorCatalog.OAuthStateMismatch, FailureCategory.ConfigurationError,
                    "The redirect's state does not match the one Connect-LDOutreach sent; the code was not used.",
                    "Run Connect-LDOutreach again and complete the authorization in the browser window it opens.", 0, null);
            }
            if (!string.IsNullOrEmpty(error))
            {
                Respond(context, 200, "Outreach did not authorize LeanData.Outreach. You can close this window.");
                throw new OAuthException(ErrorCatalog.OAuthAuthorizationDenied, FailureCategory.ConfigurationError,
                    $"Outreach redirected with error '{error}'" + (query.TryGetValue("error_description", out var d) && !string.IsNullOrEmpty(d) ? $": {d}" : "."),
                    "Approve the access request in Outreach (the Salesforce Admin must complete this step), then run Connect-LDOutreach again.", 0, error);
            }
            if (string.IsNullOrEmpty(code))
            {
                Respond(context, 400, "The redirect carried no authorization code.");
                continue;
            }
            Respond(context, 200, "LeanData.Outreach is authorized. You can close this window and return to PowerShell.");
            return code;
        }
    }

    public void Dispose()
    {
        try { listener.Close(); } catch (ObjectDisposedException) { }
    }

    private static string NormalisePath(string value) => value.Length > 1 ? value.TrimEnd('/') : value;

    private static Dictionary<string, string> ParseQuery(string? query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(query)) return result;
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var key = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            result.TryAdd(key, value);
        }
        return result;
    }

    private static void Respond(HttpListenerContext context, int status, string message)
    {
        try
        {
            var html = $"<!doctype html><html><head><meta charset=\"utf-8\"><title>LeanData.Outreach</title></head><body><p>{WebUtility.HtmlEncode(message)}</p></body></html>";
            var bytes = Encoding.UTF8.GetBytes(html);
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.ContentLength64 = bytes.Length;
            context.Response.OutputStream.Write(bytes);
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The browser went away; the code (if any) is still good.
        }
    }
}
