using System.Net;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outreach.OAuth;
using LeanData.Outreach.Security;
using LeanData.Outreach.Store;
using Xunit;
using static LeanData.Outreach.Tests.Outreach.FakeOutreachHandler;
using LeanData.Outreach.Connection;

namespace LeanData.Outreach.Tests.Outreach;

public sealed class OutreachConnectorTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "ld-conn-" + Guid.NewGuid().ToString("N"));
    private LDStore Store => new(Path.Combine(root, "data", "store.db"));
    private ISecretProtector Protector => new AesGcmSecretProtector(Path.Combine(root, "config", "key"));

    public void Dispose()
    {
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }

    private const string Identity = """{"links":{"self":"x"},"meta":{"org":{"guid":"g-1","name":"Org"},"user":{"id":42,"email":"ada@x.test","name":"Ada"},"token":{"scope":"sequences.all"}}}""";

    private OutreachSessionOptions Options(FakeOutreachHandler handler) => new() { Handler = handler, Protector = Protector };

    [Fact]
    public async Task Code_connect_stores_encrypted_tokens_and_metadata_then_a_session_reopens_from_the_store()
    {
        var handler = new FakeOutreachHandler(r => r.Uri.AbsolutePath == "/oauth/token"
            ? Respond(HttpStatusCode.OK, TokenJson("acc-1", "ref-1"))
            : Respond(HttpStatusCode.OK, Identity));
        var info = await OutreachConnector.ConnectWithCodeAsync(Store, TestClients.Credentials, TestClients.Base, "the-code", Options(handler), CancellationToken.None);

        Assert.Equal(42, info.AuthorizedUserId);
        Assert.Equal("ada@x.test", info.AuthorizedUserEmail);
        Assert.Equal(TestClients.Base, info.ApiBaseUri);
        var stored = new ConnectionRepository(Store).Get();
        Assert.Equal("client-1", stored?.ClientId);
        Assert.Equal("s3cret-client-value", new SecretRepository(Store, Protector).Get(SecretNames.ClientSecret));

        using var session = OutreachSession.FromStore(Store, Options(handler));
        Assert.Equal("acc-1", await session.Tokens.GetAccessTokenAsync(CancellationToken.None));
        var identity = await session.Client.GetIdentityAsync(CancellationToken.None);
        Assert.Equal(("g-1", "Org"), (identity.OrgGuid, identity.OrgName));
        Assert.Equal(["sequences.all"], identity.Scopes);

        Assert.True(OutreachConnector.Disconnect(Store));
        Assert.Null(new ConnectionRepository(Store).Get());
        Assert.Null(new StoreTokenStore(new SecretRepository(Store, Protector)).Load());
        var ex = Assert.Throws<TokenRefreshFailedException>(() => OutreachSession.FromStore(Store, Options(handler)));
        Assert.Equal(ErrorCatalog.OutreachNotConnected.Id, ex.ErrorId);
    }

    [Fact]
    public async Task A_missing_scope_fails_with_the_scope_error_and_stores_nothing()
    {
        var handler = new FakeOutreachHandler(r => Respond(HttpStatusCode.OK, TokenJson("acc-1", "ref-1", scope: "sequences.all prospects.all")));
        var ex = await Assert.ThrowsAsync<MissingScopeException>(() =>
            OutreachConnector.ConnectWithRefreshTokenAsync(Store, TestClients.Credentials, TestClients.Base, "ref-0", Options(handler), CancellationToken.None));
        Assert.Equal(nameof(FailureCategory.UnauthorizedOAuthScope), ex.ErrorId);
        Assert.Contains("sequenceStates.all", ex.MissingScopes);
        Assert.Equal(["sequenceStates.all", "mailboxes.all"], ex.MissingScopes);
        Assert.Contains("Grant the missing scopes sequenceStates.all, mailboxes.all ", ex.RecommendedAction);
        Assert.DoesNotContain("prospects.all", ex.RecommendedAction); // granted: not named again
        Assert.Null(new ConnectionRepository(Store).Get());
        Assert.Single(handler.Requests); // no API call after the failed scope check
    }

    [Fact]
    public async Task Non_loopback_http_is_refused_before_any_request()
    {
        var handler = new FakeOutreachHandler(_ => Respond(HttpStatusCode.OK, "{}"));
        var ex = await Assert.ThrowsAsync<InsecureApiBaseUriException>(() =>
            OutreachConnector.ConnectWithCodeAsync(Store, TestClients.Credentials, new Uri("http://outreach.example.com/api/v2"), "c", Options(handler), CancellationToken.None));
        Assert.Equal(ErrorCatalog.InsecureApiBaseUri.Id, ex.ErrorId);
        Assert.Empty(handler.Requests);
    }
}
