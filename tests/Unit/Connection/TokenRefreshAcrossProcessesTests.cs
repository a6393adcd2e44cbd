using LeanData.Outreach.Outreach;
using LeanData.Outreach.Store;
using LeanData.Outreach.Tests.Sandbox;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using LeanData.Outreach.Connection;

namespace LeanData.Outreach.Tests.Connection;

/// <summary>
/// Two sessions on one store file, each with its own <see cref="LDStore"/> (its own connections), stand in for two
/// processes: the sandbox rotates refresh tokens (each works once), so a second refresh with the same refresh
/// token is refused with invalid_grant. The sessions' clock is fake, so "near expiry" needs no waiting.
/// </summary>
public sealed class TokenRefreshAcrossProcessesTests(SandboxFixture sandbox) : SandboxStoreTests(sandbox)
{
    private const string TokenRoute = "POST /oauth/token";

    private OutreachSession OpenProcess(FakeTimeProvider clock)
    {
        var options = store.Options();
        options.Time = clock;
        return OutreachSession.FromStore(new LDStore(store.Store.Path), options);
    }

    private async Task<FakeTimeProvider> ConnectedClockAsync()
    {
        await store.ConnectAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        sandbox.Host.Counters.Reset();
        return clock;
    }

    private static void NearExpiry(FakeTimeProvider clock, OutreachSession session) =>
        clock.SetUtcNow(session.Tokens.Current!.ExpiresAt.AddSeconds(-30));

    [Fact]
    public async Task A_process_holding_an_old_token_adopts_the_one_another_process_refreshed_instead_of_spending_the_used_refresh_token()
    {
        var clock = await ConnectedClockAsync();
        using var first = OpenProcess(clock);
        using var second = OpenProcess(clock);
        // Both processes are running and hold the stored token set in memory.
        var before = await first.Tokens.GetAccessTokenAsync(CancellationToken.None);
        Assert.Equal(before, await second.Tokens.GetAccessTokenAsync(CancellationToken.None));

        NearExpiry(clock, first);
        var refreshedByFirst = await first.Tokens.GetAccessTokenAsync(CancellationToken.None);
        var seenBySecond = await second.Tokens.GetAccessTokenAsync(CancellationToken.None);

        Assert.NotEqual(before, refreshedByFirst);
        Assert.Equal(refreshedByFirst, seenBySecond);
        Assert.Equal(1, sandbox.Host.Counters.Requests(TokenRoute, 200));
        Assert.Equal(0, sandbox.Host.Counters.Requests(TokenRoute, 400));
        Assert.True((await first.Client.GetProspectAsync(1, CancellationToken.None)).IsSuccess);
        Assert.True((await second.Client.GetProspectAsync(1, CancellationToken.None)).IsSuccess);
    }

    [Fact]
    public async Task Two_processes_refreshing_at_the_same_moment_spend_one_refresh_grant_and_both_keep_working()
    {
        var clock = await ConnectedClockAsync();
        using var first = OpenProcess(clock);
        using var second = OpenProcess(clock);
        await Task.WhenAll(first.Tokens.GetAccessTokenAsync(CancellationToken.None), second.Tokens.GetAccessTokenAsync(CancellationToken.None));
        NearExpiry(clock, first);

        var calls = Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? first : second).Client.GetProspectAsync(1 + i % 5, CancellationToken.None));
        var results = await Task.WhenAll(calls);

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Failure?.Message));
        Assert.Equal(1, sandbox.Host.Counters.Requests(TokenRoute, 200));
        Assert.Equal(0, sandbox.Host.Counters.Requests(TokenRoute, 400));
        Assert.Equal(first.Tokens.Current!.AccessToken, second.Tokens.Current!.AccessToken);
        Assert.Equal(1, first.Tokens.RefreshCount + second.Tokens.RefreshCount);
    }

    [Fact]
    public async Task After_a_401_a_process_retries_with_the_token_another_process_already_refreshed()
    {
        var clock = await ConnectedClockAsync();
        using var first = OpenProcess(clock);
        using var second = OpenProcess(clock);
        var old = await first.Tokens.GetAccessTokenAsync(CancellationToken.None);
        await second.Tokens.GetAccessTokenAsync(CancellationToken.None);
        // The first process's access token is rejected (revoked): it refreshes; the second then sees the same 401.
        await store.AdminAsync("tokens/revoke", new { token = old });
        Assert.True((await first.Client.GetProspectAsync(1, CancellationToken.None)).IsSuccess);
        var second401 = await second.Client.GetProspectAsync(2, CancellationToken.None);

        Assert.True(second401.IsSuccess, second401.Failure?.Message);
        Assert.Equal(1, sandbox.Host.Counters.Requests(TokenRoute, 200));
        Assert.Equal(0, sandbox.Host.Counters.Requests(TokenRoute, 400));
    }
}
