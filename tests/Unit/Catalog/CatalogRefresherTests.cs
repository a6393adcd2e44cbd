using LeanData.Outreach.Catalog;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Tests.Connection;
using LeanData.Outreach.Tests.Sandbox;
using Xunit;
using LeanData.Outreach.Engine.CatalogRefresh;
using LeanData.Outreach.Store;
using LeanData.Outreach.Connection;

namespace LeanData.Outreach.Tests.Catalog;

public sealed class CatalogRefresherTests(SandboxFixture sandbox) : SandboxStoreTests(sandbox)
{
    private async Task<(CatalogRefresher Refresher, OutreachSession Session)> RefresherAsync(int pageSize = 1000, TimeSpan? minimumRefreshInterval = null)
    {
        if (new LeanData.Outreach.Store.ConnectionRepository(store.Store).Get() is null) await store.ConnectAsync();
        var session = OutreachSession.FromStore(store.Store, store.Options(pageSize, minimumRefreshInterval));
        return (new CatalogRefresher(session.Client, new CatalogRepository(store.Store)), session);
    }

    [Fact]
    public async Task Refresh_pages_through_more_sequences_users_and_mailboxes_than_one_page()
    {
        await store.AdminAsync("seed", new { prospects = 5, users = 23, sequences = 27, seed = 3, errorRate = 0.0 });
        int users, sequences, mailboxes;
        lock (sandbox.Host.Data.Sync)
        {
            users = sandbox.Host.Data.Users.Count;
            sequences = sandbox.Host.Data.Sequences.Count;
            mailboxes = sandbox.Host.Data.Mailboxes.Count;
        }
        Assert.True(sequences > 10 && users > 10);

        var (refresher, session) = await RefresherAsync(pageSize: 10);
        using (session)
        {
            var result = await refresher.RefreshAsync(CatalogKinds.All, null, CancellationToken.None);
            Assert.Equal(sequences, result.Sequences);
            Assert.Equal(users, result.Users);
            Assert.Equal(mailboxes, result.Mailboxes);
        }
        var repository = new CatalogRepository(store.Store);
        Assert.Equal(sequences, repository.GetSequences().Select(s => s.Id).Distinct().Count());
        Assert.Equal(users, repository.GetUsers().Count);
        Assert.True(sandbox.Host.Counters.Requests("GET /sequences") >= 3, "27 sequences at 10 a page take 3 pages");
        Assert.True(sandbox.Host.Counters.Requests("GET /users") >= 3);
    }

    [Fact]
    public async Task Sequences_carry_email_steps_and_ruleset_settings_from_the_demo_preset()
    {
        var (refresher, session) = await RefresherAsync();
        using (session) await refresher.RefreshAsync(CatalogKinds.Sequences, null, CancellationToken.None);
        var repository = new CatalogRepository(store.Store);

        var nurture = repository.GetSequence(1)!;
        Assert.True(nurture.HasEmailStep);
        Assert.True(nurture.Usable);
        Assert.Equal("disallow", nurture.PermitDuplicateProspects);
        Assert.Equal("none", nurture.SequenceExclusivity);
        Assert.False(repository.GetSequence(2)!.HasEmailStep);
        Assert.Equal("exclusive_sequences", repository.GetSequence(4)!.SequenceExclusivity);
        Assert.False(repository.GetSequence(3)!.Usable); // private
        Assert.False(repository.GetSequence(7)!.Enabled);
        Assert.Null(repository.GetRefreshedAt(CatalogRepository.UsersCatalog)); // only sequences were asked for
    }

    [Fact]
    public async Task Users_join_their_default_mailbox_with_send_and_sync_flags()
    {
        var (refresher, session) = await RefresherAsync();
        using (session) await refresher.RefreshAsync(CatalogKinds.Users, null, CancellationToken.None);
        var senders = new CatalogRepository(store.Store).GetSenders().ToDictionary(s => s.Id);

        Assert.True(senders[2].Usable);
        Assert.False(senders[4].SendEnabled);
        Assert.False(senders[4].Usable);
        Assert.True(senders[3].Locked);
        Assert.False(senders[5].SendCredentialsValid);
        Assert.Equal(2, new CatalogRepository(store.Store).GetDefaultMailbox(2)!.Id);
    }

    [Fact]
    public async Task A_failed_page_leaves_the_cached_snapshot_untouched()
    {
        var (refresher, session) = await RefresherAsync(pageSize: 2);
        using (session)
        {
            await refresher.RefreshAsync(CatalogKinds.All, null, CancellationToken.None);
            var before = new CatalogRepository(store.Store).GetRefreshedAt(CatalogKinds.All);
            await store.AdminAsync("seed", new { preset = "empty" });
            await store.AdminAsync("faults", new { route = "GET /users", kind = "status", status = 500, count = 50 });

            var failure = await Assert.ThrowsAsync<OutreachApiException>(() => refresher.RefreshAsync(CatalogKinds.All, null, CancellationToken.None));
            Assert.Equal(FailureCategory.Transient, failure.Category);
            var repository = new CatalogRepository(store.Store);
            Assert.Equal(9, repository.GetSequences().Count); // the demo set, not the empty one
            Assert.Equal(6, repository.GetUsers().Count);
            Assert.Equal(before, repository.GetRefreshedAt(CatalogKinds.All));
        }
    }

    [Fact]
    public async Task An_access_token_that_expires_mid_refresh_is_refreshed_and_the_rotated_token_stored()
    {
        await store.AdminAsync("oauth", new { accessTokenTtlSeconds = 2 });
        await store.ConnectAsync();
        await store.AdminAsync("oauth", new { accessTokenTtlSeconds = 30 });
        // Every sequences page takes 700 ms, so the 2-second token expires part-way through the 5 pages.
        await store.AdminAsync("faults", new { route = "GET /sequences", kind = "delay", delayMs = 700, count = 5 });
        var (refresher, session) = await RefresherAsync(pageSize: 2, minimumRefreshInterval: TimeSpan.FromMilliseconds(100));
        using (session)
        {
            var firstRefreshToken = session.Tokens.Current!.RefreshToken;
            var result = await refresher.RefreshAsync(CatalogKinds.Sequences, null, CancellationToken.None);
            Assert.Equal(9, result.Sequences);
            Assert.True(session.Tokens.RefreshCount >= 1);
            using var reopened = OutreachSession.FromStore(store.Store, store.Options());
            Assert.NotEqual(firstRefreshToken, reopened.Tokens.Current!.RefreshToken);
        }
    }

    [Fact]
    public async Task A_revoked_refresh_token_is_a_configuration_error_that_says_to_connect_again()
    {
        await store.ConnectAsync();
        await store.AdminAsync("tokens/revoke", new { all = true });
        var (refresher, session) = await RefresherAsync();
        using (session)
        {
            var failure = await Assert.ThrowsAnyAsync<LDOutreachException>(() => refresher.RefreshAsync(CatalogKinds.Sequences, null, CancellationToken.None));
            Assert.Equal(FailureCategory.ConfigurationError, failure.Category);
            Assert.Contains("Connect-LDOutreach", failure.RecommendedAction);
        }
        Assert.Null(new CatalogRepository(store.Store).GetRefreshedAt(CatalogRepository.SequencesCatalog));
    }
}
