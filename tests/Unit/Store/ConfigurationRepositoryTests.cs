using LeanData.Outreach.Configuration;
using LeanData.Outreach.Store;
using Xunit;

namespace LeanData.Outreach.Tests.Store;

public sealed class ConfigurationRepositoryTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly LDStore _store;
    private readonly ConfigurationRepository _configuration;

    public ConfigurationRepositoryTests()
    {
        _store = new LDStore(_temp.File("config.db"));
        _configuration = new ConfigurationRepository(_store);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Defaults_apply_when_nothing_is_stored()
    {
        Assert.Null(_configuration.GetFieldMapping());
        Assert.Equal(RetryPolicy.Default, _configuration.GetRetryPolicy());
        Assert.Equal(6, _configuration.GetRetryPolicy().MaxAttempts);
        Assert.Equal(new RateLimitSettings(5000, TimeSpan.FromHours(1)), _configuration.GetRateLimit());
    }

    [Fact]
    public void Values_round_trip()
    {
        var mapping = new FieldMapping("Outreach_ID__c", "Outreach_ID__c", "Outreach_User_ID__c");
        _configuration.SetFieldMapping(mapping);
        _configuration.SetRetryPolicy(new RetryPolicy(TimeSpan.FromHours(2), 3));
        Assert.Equal(mapping, _configuration.GetFieldMapping());
        Assert.Equal(new RetryPolicy(TimeSpan.FromHours(2), 3), _configuration.GetRetryPolicy());
    }

    [Fact]
    public void Time_spans_are_stored_as_before_the_output_types_carried_them_as_text()
    {
        // What stores held when RetryPolicy and RateLimitSettings had public TimeSpan properties (TimeSpanText.cs).
        var settings = new SettingsRepository(_store);
        settings.Set(RetryPolicy.SettingsKey, new { interval = "1.02:03:04.5000000", maxAttempts = 3 });
        settings.Set(RateLimitSettings.SettingsKey, new { limit = 200, window = "00:10:00" });
        Assert.Equal(new RetryPolicy(new TimeSpan(1, 2, 3, 4, 500), 3), _configuration.GetRetryPolicy());
        Assert.Equal(new RateLimitSettings(200, TimeSpan.FromMinutes(10)), _configuration.GetRateLimit());

        _configuration.SetRetryPolicy(new RetryPolicy(TimeSpan.FromHours(2), 4));
        _configuration.SetRateLimit(new RateLimitSettings(300, TimeSpan.FromSeconds(90)));
        var policy = settings.Get<Dictionary<string, object>>(RetryPolicy.SettingsKey)!;
        Assert.Equal(["interval", "maxAttempts"], policy.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("02:00:00", policy["interval"].ToString());
        var rate = settings.Get<Dictionary<string, object>>(RateLimitSettings.SettingsKey)!;
        Assert.Equal(["limit", "window"], rate.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("00:01:30", rate["window"].ToString());
        Assert.Equal("02:00:00", _configuration.GetRetryPolicy().Interval);
    }

    [Theory]
    [InlineData("", "Contact__c", "User__c", "Lead")]
    [InlineData("Lead__c", " ", "User__c", "Contact")]
    [InlineData("Lead__c", "Contact__c", "Bad Name", "User")]
    [InlineData("9Lead", "Contact__c", "User__c", "Lead")]
    [InlineData("Lead__c", "Con___tact__c", "User__c", "Contact")]
    public void An_invalid_field_is_refused_by_name_and_nothing_changes(string lead, string contact, string user, string badField)
    {
        var good = new FieldMapping("A__c", "B__c", "C__c");
        _configuration.SetFieldMapping(good);
        var error = Assert.Throws<ConfigurationValueException>(() => _configuration.SetFieldMapping(new FieldMapping(lead, contact, user)));
        Assert.Equal(badField, error.Parameter);
        Assert.Contains(badField, error.Message, StringComparison.Ordinal);
        Assert.Equal(good, _configuration.GetFieldMapping());
    }

    [Theory]
    [InlineData(0, 6)]
    [InlineData(-60, 6)]
    [InlineData(60 * 24 * 31, 6)]
    [InlineData(60, -1)]
    [InlineData(60, 101)]
    public void An_invalid_retry_policy_is_refused(int minutes, int attempts)
    {
        Assert.Throws<ConfigurationValueException>(() => _configuration.SetRetryPolicy(new RetryPolicy(TimeSpan.FromMinutes(minutes), attempts)));
        Assert.Equal(RetryPolicy.Default, _configuration.GetRetryPolicy());
    }
}
