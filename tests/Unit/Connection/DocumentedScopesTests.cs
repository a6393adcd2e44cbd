using LeanData.Outreach.Engine.CatalogRefresh;
using LeanData.Outreach.Catalog;
using LeanData.Outreach.Connection;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outreach.OAuth;
using LeanData.Outreach.Store;
using LeanData.Outreach.Tests.Sandbox;
using Xunit;

namespace LeanData.Outreach.Tests.Connection;

/// <summary>
/// The module works with the four scopes the integration documents (issue 9): connecting succeeds, the
/// optional scopes' absence only degrades (users from mailboxes, no email-step check, no ruleset details),
/// a 403 unauthorizedOauthScope on an optional catalog read degrades the same way, Test-LDOutreachConnection
/// shows required scopes Passed/Failed and optional ones Passed/Warning, and a scope remedy names only what is missing.
/// </summary>
public sealed class DocumentedScopesTests(SandboxFixture sandbox) : SandboxStoreTests(sandbox)
{
    private static readonly string[] Documented = ["sequences.all", "sequenceStates.all", "mailboxes.all", "prospects.all"];

    private long Requests(string route, int status) => sandbox.Host.Counters.Requests(route, status);

    [Fact]
    public async Task Connecting_with_only_the_four_documented_scopes_succeeds_and_names_each_missing_optional_scope()
    {
        var info = await store.ConnectAsync(scopes: Documented);
        Assert.Equal(1, info.AuthorizedUserId);
        Assert.Equal("ada.admin@demo.example", info.AuthorizedUserEmail);
        Assert.NotNull(new ConnectionRepository(store.Store).Get());

        var warning = OutreachScopes.DescribeMissingOptional(info.Scopes);
        Assert.NotNull(warning);
        foreach (var optional in OutreachScopes.Optional)
        {
            Assert.Contains(optional.Scope, warning);
            Assert.Contains(optional.WithoutIt, warning);
        }
        Assert.Null(OutreachScopes.DescribeMissingOptional(OutreachScopes.Requested));
        Assert.Equal(Documented, OutreachScopes.Required);
    }

    [Fact]
    public async Task Without_the_optional_scopes_the_catalog_comes_from_mailboxes_and_the_identity_and_sends_no_refused_read()
    {
        await store.ConnectAsync(scopes: Documented);
        using var session = OutreachSession.FromStore(store.Store, store.Options());
        var catalog = new CatalogRepository(store.Store);
        var result = await new CatalogRefresher(session.Client, catalog).RefreshAsync(CatalogKinds.All, null, CancellationToken.None);

        Assert.Equal(["rulesets.read", "sequenceSteps.read", "users.read"], result.UnavailableScopes);
        var users = catalog.GetUsers().OrderBy(u => u.Id).ToList();
        Assert.Equal([1L, 2, 3, 4, 5, 6], users.Select(u => u.Id));
        Assert.All(users, u => Assert.Equal(u.Id, u.DefaultMailboxId));
        Assert.Equal("Ada Admin", users[0].Name); // the authorizing user, from the identity call
        Assert.Equal("ben.sender@demo.example", users[1].Email); // every other user, from their mailbox
        Assert.Equal(2, catalog.GetDefaultMailbox(2)?.Id);
        var sequences = catalog.GetSequences();
        Assert.Equal(9, sequences.Count);
        Assert.All(sequences, s => Assert.False(s.HasEmailStep)); // so the planner skips its own email check
        Assert.All(sequences, s => Assert.Null(s.PermitDuplicateProspects));
        Assert.All(sequences, s => Assert.Null(s.SequenceExclusivity));

        foreach (var route in new[] { "GET /users", "GET /sequenceSteps", "GET /rulesets" })
            Assert.Equal(0, sandbox.Host.Counters.Requests(route)); // the token says they are not granted: not even asked
    }

    [Fact]
    public async Task A_403_unauthorizedOauthScope_on_an_optional_catalog_read_degrades_instead_of_failing_the_refresh()
    {
        // The token claims every scope, but Outreach (the sandbox) granted only the four: each optional list answers 403.
        var minted = sandbox.Host.MintToken(1, Documented);
        var tokens = new TokenSet(minted.AccessToken, minted.RefreshToken, DateTimeOffset.UtcNow.AddHours(2), OutreachScopes.Requested, DateTimeOffset.UtcNow);
        using var session = OutreachSession.Create(sandbox.BaseUri, store.Credentials, new InMemoryTokenStore(tokens), null, store.Options());
        var catalog = new CatalogRepository(store.Store);
        var result = await new CatalogRefresher(session.Client, catalog).RefreshAsync(CatalogKinds.All, null, CancellationToken.None);

        Assert.Equal(["rulesets.read", "sequenceSteps.read", "users.read"], result.UnavailableScopes);
        Assert.Equal(1, Requests("GET /users", 403));
        Assert.Equal(1, Requests("GET /sequenceSteps", 403));
        Assert.Equal(1, Requests("GET /rulesets", 403));
        Assert.Equal(6, catalog.GetUsers().Count);
        Assert.Equal(9, catalog.GetSequences().Count);
        Assert.Equal(6, catalog.GetMailboxes().Count);
    }

    [Fact]
    public async Task A_403_on_a_required_catalog_read_still_fails_the_refresh_and_keeps_the_cache()
    {
        var minted = sandbox.Host.MintToken(1, ["sequenceStates.all", "mailboxes.all", "prospects.all"]);
        var tokens = new TokenSet(minted.AccessToken, minted.RefreshToken, DateTimeOffset.UtcNow.AddHours(2), OutreachScopes.Requested, DateTimeOffset.UtcNow);
        using var session = OutreachSession.Create(sandbox.BaseUri, store.Credentials, new InMemoryTokenStore(tokens), null, store.Options());
        var failure = await Assert.ThrowsAsync<OutreachApiException>(() =>
            new CatalogRefresher(session.Client, new CatalogRepository(store.Store)).RefreshAsync(CatalogKinds.All, null, CancellationToken.None));
        Assert.Equal(FailureCategory.UnauthorizedOAuthScope, failure.Category);
        Assert.Contains("sequences.read", failure.RecommendedAction);
        Assert.DoesNotContain("prospects.all", failure.RecommendedAction);
        Assert.Null(new CatalogRepository(store.Store).GetRefreshedAt(CatalogKinds.Sequences));
    }

    [Fact]
    public async Task The_connection_test_shows_required_scopes_passed_and_optional_ones_as_warnings_with_their_cost()
    {
        await store.ConnectAsync(scopes: Documented);
        var checks = (await ConnectionTester.RunAsync(store.Store, store.Options(), CancellationToken.None)).ToDictionary(c => c.Name);
        foreach (var scope in OutreachScopes.Required)
            Assert.Equal("Passed", checks[ConnectionTester.ScopeCheckPrefix + scope].Status);
        foreach (var optional in OutreachScopes.Optional)
        {
            var check = checks[ConnectionTester.ScopeCheckPrefix + optional.Scope];
            Assert.Equal("Warning", check.Status);
            Assert.True(check.Passed);
            Assert.Contains(optional.WithoutIt, check.Detail);
            Assert.Contains(optional.Scope, check.RecommendedAction);
        }
        Assert.Null(checks[ConnectionTester.UserActiveCheck].Passed);
        Assert.True(checks[ConnectionTester.AccessTokenCheck].Passed);
        Assert.True(checks[ConnectionTester.SequencingCheck].Passed, checks[ConnectionTester.SequencingCheck].Detail);
        Assert.DoesNotContain(checks.Values, c => c.Passed == false && c.Name.StartsWith(ConnectionTester.ScopeCheckPrefix, StringComparison.Ordinal));

    }

    [Fact]
    public async Task With_every_scope_granted_the_optional_checks_pass()
    {
        await store.ConnectAsync();
        var checks = (await ConnectionTester.RunAsync(store.Store, store.Options(), CancellationToken.None)).ToDictionary(c => c.Name);
        foreach (var scope in OutreachScopes.Requested)
            Assert.Equal("Passed", checks[ConnectionTester.ScopeCheckPrefix + scope].Status);
        var missingRequired = await Assert.ThrowsAsync<MissingScopeException>(() => store.ConnectAsync(scopes: ["sequences.all", "prospects.all"]));
        Assert.Equal(["sequenceStates.all", "mailboxes.all"], missingRequired.MissingScopes);
        Assert.Contains("sequenceStates.all, mailboxes.all", missingRequired.RecommendedAction);
        Assert.DoesNotContain("prospects.all", missingRequired.RecommendedAction);
    }
}
