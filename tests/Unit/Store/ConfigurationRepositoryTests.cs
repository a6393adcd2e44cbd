using LeanData.Outreach.Configuration;
using LeanData.Outreach.Store;
using Xunit;

namespace LeanData.Outreach.Tests.Store;

public sealed class ConfigurationRepositoryTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ConfigurationRepository _configuration;

    public ConfigurationRepositoryTests() => _configuration = new ConfigurationRepository(new LDStore(_temp.File("config.db")));

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
