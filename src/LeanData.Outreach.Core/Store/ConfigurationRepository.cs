using LeanData.Outreach.Configuration;
using LeanData.Outreach.Logs;

namespace LeanData.Outreach.Store;

/// <summary>Reads and writes the module's configuration, applying defaults where nothing is stored.</summary>
public sealed class ConfigurationRepository(LDStore store)
{
    private readonly SettingsRepository _settings = new(store);

    public FieldMapping? GetFieldMapping() => _settings.Get<FieldMapping>(FieldMapping.SettingsKey);

    public void SetFieldMapping(FieldMapping mapping) => _settings.Set(FieldMapping.SettingsKey, mapping.Validated());

    public RetryPolicy GetRetryPolicy() => _settings.Get<RetryPolicy>(RetryPolicy.SettingsKey) ?? RetryPolicy.Default;

    public void SetRetryPolicy(RetryPolicy policy) => _settings.Set(RetryPolicy.SettingsKey, policy.Validated());

    public RateLimitSettings GetRateLimit() => _settings.Get<RateLimitSettings>(RateLimitSettings.SettingsKey) ?? RateLimitSettings.Default;

    public void SetRateLimit(RateLimitSettings settings) => _settings.Set(RateLimitSettings.SettingsKey, settings.Validated());

    /// <summary>Outreach's daily bulk cap per org, which both Invoke-LDAddToSequence and the retry worker respect.</summary>
    public BulkLimit GetBulkLimit() => _settings.Get<BulkLimit>(BulkLimit.SettingsKey) ?? BulkLimit.Default;

    public void SetBulkLimit(BulkLimit limit) => _settings.Set(BulkLimit.SettingsKey, limit.Validated());

    /// <summary>How many callouts the partner log keeps per action (the store's trigger reads the same setting).</summary>
    public int GetCalloutHistoryCap() => _settings.GetValue<int>(CalloutHistoryCap.SettingsKey) ?? CalloutHistoryCap.Default;

    public void SetCalloutHistoryCap(int cap)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, 1);
        _settings.SetValue(CalloutHistoryCap.SettingsKey, cap);
    }
}
