namespace LeanData.Outreach.Outreach.OAuth;

/// <summary>A process-local token store (tests, one-off sessions). Thread-safe; its refresh lock is process-local too.</summary>
public sealed class InMemoryTokenStore(TokenSet? initial = null) : ITokenStore
{
    private readonly object gate = new();
    private readonly SemaphoreSlim refreshLock = new(1, 1);
    private TokenSet? tokens = initial;

    public int SaveCount { get; private set; }

    public TokenSet? Load()
    {
        lock (gate) return tokens;
    }

    public void Save(TokenSet tokens)
    {
        lock (gate)
        {
            this.tokens = tokens;
            SaveCount++;
        }
    }

    public bool SaveIfUnchanged(TokenSet expected, TokenSet tokens)
    {
        lock (gate)
        {
            if (this.tokens is not { } stored || !TokenSet.SameTokens(stored, expected)) return false;
            Save(tokens);
            return true;
        }
    }

    public void Clear()
    {
        lock (gate) tokens = null;
    }

    public async Task<IDisposable> AcquireRefreshLockAsync(TimeSpan holdFor, CancellationToken cancellationToken)
    {
        await refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(refreshLock);
    }

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) semaphore.Release();
        }
    }
}
