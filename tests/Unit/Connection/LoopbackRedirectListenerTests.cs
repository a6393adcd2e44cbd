using LeanData.Outreach.Errors;
using System.Net;
using System.Net.Sockets;
using LeanData.Outreach.Connection;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outreach.OAuth;
using LeanData.Outreach.Store;
using LeanData.Outreach.Tests.Sandbox;
using Xunit;

namespace LeanData.Outreach.Tests.Connection;

public sealed class LoopbackRedirectListenerTests(SandboxFixture sandbox) : SandboxStoreTests(sandbox)
{
    private static Uri FreeRedirectUri()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        var port = ((IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        return new Uri($"http://127.0.0.1:{port}/callback");
    }

    /// <summary>What a browser does: GET the authorize URL and follow Outreach's redirect to the listener.</summary>
    private static async Task<HttpStatusCode> BrowseAsync(Uri url)
    {
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true }) { Timeout = TimeSpan.FromSeconds(20) };
        using var response = await browser.GetAsync(url);
        return response.StatusCode;
    }

    [Fact]
    public async Task The_interactive_flow_receives_the_code_and_connects_without_storing_any_secret_in_plain_text()
    {
        var redirect = FreeRedirectUri();
        var state = AuthorizeUrlBuilder.NewState();
        using var listener = LoopbackRedirectListener.Start(redirect);
        var authorize = AuthorizeUrlBuilder.Build(sandbox.Host.BaseUri, SandboxStore.ClientId, redirect, state);

        var waiting = listener.WaitForCodeAsync(state, TimeSpan.FromSeconds(20), CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, await BrowseAsync(authorize));
        var code = await waiting;
        Assert.StartsWith("sbc_", code);

        var credentials = new OAuthClientCredentials(SandboxStore.ClientId, SandboxStore.ClientSecret, redirect);
        var info = await OutreachConnector.ConnectWithCodeAsync(store.Store, credentials, sandbox.Host.BaseUri, code, store.Options(), CancellationToken.None);
        Assert.Equal(1, info.AuthorizedUserId);
        Assert.Equal(redirect, info.RedirectUri);

        var bytes = store.StoreBytes();
        Assert.DoesNotContain(SandboxStore.ClientSecret, bytes);
        Assert.DoesNotContain("sba_", bytes);
        Assert.DoesNotContain("sbr_", bytes);
        Assert.DoesNotContain(code, bytes);
        Assert.DoesNotContain(SandboxStore.ClientSecret, System.Text.Json.JsonSerializer.Serialize(info));
    }

    [Fact]
    public async Task A_redirect_with_another_state_is_refused_and_its_code_not_returned()
    {
        var redirect = FreeRedirectUri();
        using var listener = LoopbackRedirectListener.Start(redirect);
        var waiting = listener.WaitForCodeAsync("expected-state", TimeSpan.FromSeconds(20), CancellationToken.None);
        var forged = AuthorizeUrlBuilder.Build(sandbox.Host.BaseUri, SandboxStore.ClientId, redirect, "someone-elses-state");
        Assert.Equal(HttpStatusCode.BadRequest, await BrowseAsync(forged));
        var failure = await Assert.ThrowsAsync<OAuthException>(() => waiting);
        Assert.Equal(ErrorCatalog.OAuthStateMismatch.Id, failure.ErrorId);
    }

    [Fact]
    public async Task A_denied_authorization_is_reported_with_its_own_id()
    {
        await store.AdminAsync("oauth", new { denyAuthorize = true });
        var redirect = FreeRedirectUri();
        var state = AuthorizeUrlBuilder.NewState();
        using var listener = LoopbackRedirectListener.Start(redirect);
        var waiting = listener.WaitForCodeAsync(state, TimeSpan.FromSeconds(20), CancellationToken.None);
        await BrowseAsync(AuthorizeUrlBuilder.Build(sandbox.Host.BaseUri, SandboxStore.ClientId, redirect, state));
        var failure = await Assert.ThrowsAsync<OAuthException>(() => waiting);
        Assert.Equal(ErrorCatalog.OAuthAuthorizationDenied.Id, failure.ErrorId);
        Assert.Equal("access_denied", failure.OAuthError);
    }

    [Theory]
    [InlineData("https://login.example.com/outreach/callback")]
    [InlineData("http://10.1.2.3:8710/callback")]
    [InlineData("http://127.0.0.1/callback")]
    public void Only_a_loopback_http_redirect_with_a_port_can_be_listened_on(string redirect)
    {
        var failure = Assert.Throws<LoopbackListenerException>(() => LoopbackRedirectListener.Start(new Uri(redirect)));
        Assert.Equal(ErrorCatalog.OAuthRedirectListenerFailed.Id, failure.ErrorId);
        Assert.Contains("-AuthorizationCode", failure.RecommendedAction);
    }

    [Fact]
    public async Task Nothing_arriving_in_time_is_a_listener_failure()
    {
        using var listener = LoopbackRedirectListener.Start(FreeRedirectUri());
        var failure = await Assert.ThrowsAsync<LoopbackListenerException>(() => listener.WaitForCodeAsync("s", TimeSpan.FromMilliseconds(300), CancellationToken.None));
        Assert.Contains("within", failure.Message);
        Assert.Null(new ConnectionRepository(store.Store).Get());
    }
}
