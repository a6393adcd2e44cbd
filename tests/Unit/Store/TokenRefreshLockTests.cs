using System.Diagnostics;
using LeanData.Outreach.Security;
using LeanData.Outreach.Store;
using Xunit;

namespace LeanData.Outreach.Tests.Store;

public sealed class TokenRefreshLockTests : IDisposable
{
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(90);
    private readonly TempDirectory temp = new();
    private readonly LDStore store;
    private readonly TokenRefreshLockRepository locks;
    private readonly DateTimeOffset now = DateTimeOffset.UtcNow;

    public TokenRefreshLockTests()
    {
        store = new LDStore(temp.File("store.db"));
        locks = new TokenRefreshLockRepository(store);
    }

    public void Dispose() => temp.Dispose();

    private static TokenRefreshLockHolder Live(DateTimeOffset at) => TokenRefreshLockHolder.ForThisProcess(at, Hold);

    private static int ExitedProcessId()
    {
        var info = OperatingSystem.IsWindows() ? new ProcessStartInfo("cmd.exe", "/c exit") : new ProcessStartInfo("true");
        using var process = Process.Start(info)!;
        process.WaitForExit();
        return process.Id;
    }

    [Fact]
    public void A_live_holder_keeps_the_lock_until_it_gives_it_back()
    {
        var first = Live(now);
        Assert.Null(locks.TryAcquire(first, now));
        var second = Live(now);
        Assert.Equal(first.Owner, locks.TryAcquire(second, now.AddSeconds(10))?.Owner);

        Assert.False(locks.Release(second.Owner)); // only the holder can give it back
        Assert.True(locks.Release(first.Owner));
        Assert.Null(locks.TryAcquire(second, now.AddSeconds(10)));
    }

    [Fact]
    public void A_lock_whose_holder_never_gives_it_back_lapses_at_its_expiry()
    {
        var elsewhere = Live(now) with { Host = "another-host.example", ProcessId = 4242 };
        Assert.Null(locks.TryAcquire(elsewhere, now));
        var mine = Live(now);
        // A holder on another host is never presumed dead: it is waited for until the lock lapses.
        Assert.NotNull(locks.TryAcquire(mine, now + Hold - TimeSpan.FromSeconds(1)));
        Assert.Null(locks.TryAcquire(mine, now + Hold));
    }

    [Fact]
    public void A_holder_whose_process_is_gone_loses_the_lock_at_once()
    {
        var dead = Live(now) with { ProcessId = ExitedProcessId() };
        Assert.True(dead.ProcessIsGone());
        Assert.Null(locks.TryAcquire(dead, now));
        Assert.Null(locks.TryAcquire(Live(now), now.AddSeconds(1)));
    }

    [Fact]
    public void A_holder_whose_process_id_was_reused_by_a_newer_process_loses_the_lock_at_once()
    {
        var reused = Live(now) with { ProcessStartedAt = Live(now).ProcessStartedAt.AddMinutes(-5) };
        Assert.True(reused.ProcessIsGone());
        Assert.False(Live(now).ProcessIsGone());
        Assert.Null(locks.TryAcquire(reused, now));
        Assert.Null(locks.TryAcquire(Live(now), now.AddSeconds(1)));
    }

    [Fact]
    public async Task The_token_store_waits_for_another_holder_and_gets_the_lock_once_it_is_given_back()
    {
        var tokens = new StoreTokenStore(new SecretRepository(store, new AesGcmSecretProtector(temp.File("key"))));
        var other = Live(DateTimeOffset.UtcNow);
        Assert.Null(locks.TryAcquire(other, DateTimeOffset.UtcNow));

        var waiting = tokens.AcquireRefreshLockAsync(Hold, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        locks.Release(other.Owner);
        using (await waiting.WaitAsync(TimeSpan.FromSeconds(10)))
        {
            // Held now: another holder is refused.
            Assert.NotNull(locks.TryAcquire(Live(DateTimeOffset.UtcNow), DateTimeOffset.UtcNow));
        }
        Assert.Null(locks.TryAcquire(Live(DateTimeOffset.UtcNow), DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task The_token_store_takes_over_the_lock_of_a_dead_process_without_waiting_for_it_to_lapse()
    {
        var tokens = new StoreTokenStore(new SecretRepository(store, new AesGcmSecretProtector(temp.File("key"))));
        var dead = Live(DateTimeOffset.UtcNow) with { ProcessId = ExitedProcessId(), ExpiresAt = DateTimeOffset.UtcNow.AddDays(1) };
        Assert.Null(locks.TryAcquire(dead, DateTimeOffset.UtcNow));

        using var held = await tokens.AcquireRefreshLockAsync(Hold, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(locks.Release(dead.Owner));
    }
}
