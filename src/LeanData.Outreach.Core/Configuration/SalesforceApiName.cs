using System.Text.RegularExpressions;

namespace LeanData.Outreach.Configuration;

/// <summary>
/// Salesforce API field names: start with a letter; letters, digits and single underscores; no trailing
/// underscore; an optional namespace prefix ("ns__") and an optional custom suffix ("__c").
/// </summary>
public static partial class SalesforceApiName
{
    public const int MaxLength = 80;

    [GeneratedRegex(@"^(?:[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*__)?[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*(?:__c)?$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Length <= MaxLength && Pattern().IsMatch(name);

    public static void Validate(string parameter, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new ConfigurationValueException(parameter, value, $"The {parameter} field name is empty. Give the API name of the Salesforce field that holds the Outreach id, for example Outreach_ID__c.");
        if (!IsValid(value))
            throw new ConfigurationValueException(parameter, value, $"'{value}' is not a valid Salesforce API field name for {parameter}. Use letters, digits and single underscores, starting with a letter (for example Outreach_ID__c), at most {MaxLength} characters.");
    }
}
