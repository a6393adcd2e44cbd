namespace LeanData.Outreach.Sandbox.Faults;

/// <summary>Holds the fault rules and decides, per request, which one fires. Deterministic for a given seed.</summary>
public sealed class FaultInjector
{
    private readonly object _sync = new();
    private readonly List<FaultRule> _rules = new();
    private Random _random = new(12345);
    private long _nextId = 1;
    private volatile bool _any;

    public FaultRule Add(FaultRule rule)
    {
        lock (_sync)
        {
            rule.Id = _nextId++;
            _rules.Add(rule);
            _any = true;
            return rule;
        }
    }

    public IReadOnlyList<FaultRule> Rules
    {
        get { lock (_sync) return _rules.ToList(); }
    }

    public bool Remove(long id)
    {
        lock (_sync)
        {
            var removed = _rules.RemoveAll(r => r.Id == id) > 0;
            _any = _rules.Count > 0;
            return removed;
        }
    }

    public void Clear(int? seed = null)
    {
        lock (_sync)
        {
            _rules.Clear();
            _any = false;
            if (seed is not null) _random = new Random(seed.Value);
        }
    }

    public void Reseed(int seed)
    {
        lock (_sync) _random = new Random(seed);
    }

    /// <summary>The rule that fires for this request, if any; a counted rule is used up as it fires.</summary>
    public FaultRule? Next(string route)
    {
        if (!_any) return null;
        lock (_sync)
        {
            foreach (var rule in _rules)
            {
                if (!rule.Matches(route)) continue;
                if (rule.Count is int left)
                {
                    if (left <= 0) continue;
                    rule.Count = left - 1;
                }
                else if (rule.Probability < 1.0 && _random.NextDouble() >= rule.Probability)
                {
                    continue;
                }
                rule.Fired++;
                if (rule.Count == 0)
                {
                    _rules.Remove(rule);
                    _any = _rules.Count > 0;
                }
                return rule;
            }
            return null;
        }
    }
}
