using System.Net.Http.Headers;
using LeanData.Outreach.Sandbox.Hosting;
using Xunit;

namespace LeanData.Outreach.Tests.Sandbox;

/// <summary>
/// Starts one in-process sandbox (demo preset) on a free 127.0.0.1 port for a test class.
/// Reusable by other test classes: <c>IClassFixture&lt;SandboxFixture&gt;</c>, then <see cref="Reset"/> per test
/// if the test needs the pristine demo data, and <see cref="MintToken"/> for a bearer token.
/// </summary>
public class SandboxFixture : IAsyncLifetime
{
    private SandboxHost? _host;

    public SandboxHost Host => _host ?? throw new InvalidOperationException("The sandbox has not started.");
    public Uri BaseUri => Host.BaseUri;
    public Uri AdminUri => Host.AdminUri;
    public Uri OAuthUri => Host.OAuthUri;

    /// <summary>Options for the host; override in a derived fixture to change start-up settings.</summary>
    protected virtual SandboxOptions CreateOptions() => new() { Seed = "demo" };

    public async Task InitializeAsync() => _host = await SandboxHost.StartAsync(CreateOptions());

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }

    /// <summary>Back to the start-up state: demo data, no tokens, faults, windows or counters.</summary>
    public void Reset() => Host.Runtime.Reset();

    /// <summary>An access token for a user of the demo preset (every scope unless given).</summary>
    public string MintToken(long userId = 1, params string[] scopes) =>
        Host.MintToken(userId, scopes.Length == 0 ? null : scopes).AccessToken;

    /// <summary>
    /// An HttpClient for the API with the JSON:API Accept and Content-Type headers on every request (the strict
    /// sandbox refuses a request without the latter; <paramref name="contentType"/> false leaves it off) and, if
    /// given, a bearer token.
    /// </summary>
    public HttpClient CreateClient(string? token = null, bool contentType = true)
    {
        HttpMessageHandler handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) };
        if (contentType) handler = new JsonApiContentHandler(handler);
        var client = new HttpClient(handler)
        {
            Timeout = TimeSpan.FromSeconds(20),
        };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.api+json"));
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
