using LeanData.Outreach.Configuration;
using LeanData.Outreach.Connection;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outreach.OAuth;
using LeanData.Outreach.Store;
using LeanData.Outreach.Tests.Sandbox;
using Xunit;

namespace LeanData.Outreach.Tests.Connection;

public sealed class ConnectionTesterTests(SandboxFixture sandbox) : SandboxStoreTests(sandbox)
{
    private async Task<Dictionary<string, ConnectionCheck>> RunAsync() =>
        (await ConnectionTester.RunAsync(store.Store, store.Options(), CancellationToken.None)).ToDictionary(c => c.Name);

    [Fact]
    public async Task A_healthy_connection_passes_every_check_the_api_can_answer()
    {
        await store.ConnectAsync();
        new ConfigurationRepository(store.Store).SetFieldMapping(new FieldMapping("Outreach_ID__c", "Outreach_ID__c", "Outreach_User_ID__c"));
        var checks = await RunAsync();

        foreach (var scope in OutreachScopes.Required)
            Assert.True(checks[ConnectionTester.ScopeCheckPrefix + scope].Passed, scope);
        Assert.All(checks.Values.Where(c => c.Name != ConnectionTester.PluginsCheck), c => Assert.True(c.Passed, c.Name + ": " + c.Detail));
        Assert.Null(checks[ConnectionTester.PluginsCheck].Passed);
        Assert.Contains("Permit Plugins", checks[ConnectionTester.PluginsCheck].RecommendedAction);
        Assert.Contains("of 10,000 requests left", checks[ConnectionTester.RateLimitCheck].Detail);
        Assert.Equal(0, sandbox.Host.Counters.SequenceStatesCreated);
    }

    [Fact]
    public async Task A_user_whose_profile_lacks_the_sequencing_permission_fails_that_check_with_the_profile_remedy()
    {
        await store.ConnectAsync(userId: 6);
        var checks = await RunAsync();

        var sequencing = checks[ConnectionTester.SequencingCheck];
        Assert.False(sequencing.Passed);
        Assert.Contains("unauthorizedRequest", sequencing.Detail);
        Assert.Equal(ErrorCatalog.RecommendedActionFor(FailureCategory.UnauthorizedRequest), sequencing.RecommendedAction);
        Assert.True(checks[ConnectionTester.AccessTokenCheck].Passed);
        Assert.False(checks[ConnectionTester.FieldMappingCheck].Passed);
        Assert.Equal(0, sandbox.Host.Counters.SequenceStatesCreated);
    }

    [Fact]
    public async Task A_locked_authorizing_user_and_a_revoked_refresh_token_are_reported()
    {
        await store.ConnectAsync(userId: 3);
        var locked = await RunAsync();
        Assert.False(locked[ConnectionTester.UserActiveCheck].Passed);
        Assert.Equal(ErrorCatalog.RecommendedActionFor(FailureCategory.UserLocked), locked[ConnectionTester.UserActiveCheck].RecommendedAction);

        await store.AdminAsync("tokens/revoke", new { all = true });
        var revoked = await RunAsync();
        Assert.False(revoked[ConnectionTester.AccessTokenCheck].Passed);
        Assert.False(revoked[ConnectionTester.RefreshTokenCheck].Passed);
        Assert.Contains("Connect-LDOutreach", revoked[ConnectionTester.RefreshTokenCheck].RecommendedAction);
    }

    [Fact]
    public async Task Nothing_stored_is_one_failed_check_and_the_field_mapping_check()
    {
        var checks = await RunAsync();
        Assert.False(checks[ConnectionTester.StoredCheck].Passed);
        Assert.Contains("Connect-LDOutreach", checks[ConnectionTester.StoredCheck].RecommendedAction);
        Assert.Equal(2, checks.Count);
    }

    [Fact]
    public async Task Connecting_with_a_missing_scope_fails_with_the_scope_id_and_stores_nothing()
    {
        var failure = await Assert.ThrowsAsync<MissingScopeException>(() =>
            store.ConnectAsync(scopes: ["sequences.all", "mailboxes.all", "prospects.all", "users.read", "sequenceSteps.read", "rulesets.read"]));
        Assert.Equal("UnauthorizedOAuthScope", failure.ErrorId);
        Assert.Contains("sequenceStates.all", failure.MissingScopes);
        Assert.Contains("Grant the missing scope sequenceStates.all ", failure.RecommendedAction);
        foreach (var granted in new[] { "sequences.all", "mailboxes.all", "prospects.all" })
            Assert.DoesNotContain(granted, failure.RecommendedAction);
        Assert.Null(new ConnectionRepository(store.Store).Get());
        Assert.DoesNotContain(SandboxStore.ClientSecret, store.StoreBytes());
    }

    [Fact]
    public async Task Bad_client_secret_and_bad_code_have_distinct_stable_ids()
    {
        var badSecret = new OAuthClientCredentials(SandboxStore.ClientId, "wrong-secret", SandboxStore.RedirectUri);
        var minted = sandbox.Host.MintToken(1);
        var secretFailure = await Assert.ThrowsAnyAsync<OAuthException>(() =>
            OutreachConnector.ConnectWithRefreshTokenAsync(store.Store, badSecret, sandbox.Host.BaseUri, minted.RefreshToken, store.Options(), CancellationToken.None));
        var codeFailure = await Assert.ThrowsAnyAsync<OAuthException>(() =>
            OutreachConnector.ConnectWithCodeAsync(store.Store, store.Credentials, sandbox.Host.BaseUri, "sbc_not-a-real-code", store.Options(), CancellationToken.None));
        Assert.Equal(ErrorCatalog.OAuthInvalidClient.Id, secretFailure.ErrorId);
        Assert.Equal(ErrorCatalog.OAuthInvalidCode.Id, codeFailure.ErrorId);
        Assert.Null(new ConnectionRepository(store.Store).Get());
    }

    [Fact]
    public async Task Plain_http_to_a_non_loopback_host_is_refused_before_any_request()
    {
        var failure = await Assert.ThrowsAsync<InsecureApiBaseUriException>(() =>
            OutreachConnector.ConnectWithCodeAsync(store.Store, store.Credentials, new Uri("http://api.outreach.example/api/v2"), "code", store.Options(), CancellationToken.None));
        Assert.Equal("InsecureApiBaseUri", failure.ErrorId);
        Assert.False(File.Exists(store.Store.Path));
    }
}
