namespace LeanData.Outreach.Configuration;

/// <summary>The Salesforce fields that hold the Outreach id on Lead, Contact and User (all three are required).</summary>
public sealed record FieldMapping(string Lead, string Contact, string User)
{
    public const string SettingsKey = "fieldMapping";

    /// <summary>Checks every field and returns the mapping, or throws naming the first bad field.</summary>
    public FieldMapping Validated()
    {
        SalesforceApiName.Validate(nameof(Lead), Lead);
        SalesforceApiName.Validate(nameof(Contact), Contact);
        SalesforceApiName.Validate(nameof(User), User);
        return this;
    }

    public string ForObject(string objectType) => objectType switch
    {
        "Lead" => Lead,
        "Contact" => Contact,
        "User" => User,
        _ => throw new ArgumentOutOfRangeException(nameof(objectType), objectType, "Expected Lead, Contact or User."),
    };
}
