namespace LeanData.Outreach.Outreach.OAuth;

/// <summary>A process-local token store (tests, one-off sessions). Thread-safe.</summary>
public sealed class InMemoryTokenStore(TokenSet? initial = null) : ITokenStore
{
    private readonly object gate = new();
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

    public void Clear()
    {
        lock (gate) tokens = null;
    }
}
