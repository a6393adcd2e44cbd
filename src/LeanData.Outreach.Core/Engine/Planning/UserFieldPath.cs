using LeanData.Outreach.Configuration;

namespace LeanData.Outreach.Engine.Planning;

/// <summary>
/// A Salesforce User lookup field and its relationship name: <c>SDR__c</c> ↔ <c>SDR__r</c>,
/// <c>OwnerId</c> ↔ <c>Owner</c>, <c>CreatedById</c> ↔ <c>CreatedBy</c>. Either form may be given.
/// </summary>
public sealed record UserFieldPath(string IdField, string RelationshipName)
{
    public static bool IsValid(string name) => TryParse(name, out _);

    public static bool TryParse(string name, out UserFieldPath path)
    {
        name = name.Trim();
        path = null!;
        if (name.EndsWith("__r", StringComparison.OrdinalIgnoreCase))
        {
            var idField = name[..^3] + "__c";
            if (!SalesforceApiName.IsValid(idField)) return false;
            path = new(idField, name);
            return true;
        }
        if (!SalesforceApiName.IsValid(name)) return false;
        if (name.EndsWith("__c", StringComparison.OrdinalIgnoreCase))
            path = new(name, name[..^3] + "__r");
        else if (name.Length > 2 && name.EndsWith("Id", StringComparison.Ordinal))
            path = new(name, name[..^2]);
        else
            path = new(name + "Id", name);
        return true;
    }
}
