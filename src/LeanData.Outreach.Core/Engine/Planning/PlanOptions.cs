using LeanData.Outreach.Catalog;
using LeanData.Outreach.Configuration;

namespace LeanData.Outreach.Engine.Planning;

/// <summary>
/// What one Add to Sequence node is configured to do. <see cref="AuthorizationProblem"/> is non-null when
/// there is no valid Outreach authorization: every record then takes the ConfigurationError edge.
/// The target is either one <see cref="Sequence"/> for every record, or <see cref="UserSequences"/>: each
/// record goes to the primary sequence of its sender (V2 User-Sequence Mapping).
/// </summary>
public sealed record PlanOptions(
    SequenceInfo? Sequence,
    FieldMapping FieldMapping,
    MailboxMode Mode,
    string? UserField = null,
    SenderSpec? SpecificSender = null,
    bool MergeDupeInPath = false,
    string NodeName = PlanOptions.DefaultNodeName,
    string? AuthorizationProblem = null,
    UserSequenceRouting? UserSequences = null)
{
    public const string DefaultNodeName = "Add to Sequence";

    /// <summary>Checks that the mode has what it needs; throws ArgumentException naming the parameter.</summary>
    public PlanOptions Validated()
    {
        FieldMapping.Validated();
        if ((Sequence is null) == (UserSequences is null))
            throw new ArgumentException("Give either one sequence (-Sequence) or the user-sequence map (-UseUserSequenceMap), not both or neither.", nameof(Sequence));
        switch (Mode)
        {
            case MailboxMode.UserField when string.IsNullOrWhiteSpace(UserField):
                throw new ArgumentException("-Mailbox UserField needs -UserField: the API name of a User lookup field on the Lead or Contact (for example SDR__c).", nameof(UserField));
            case MailboxMode.UserField when !UserFieldPath.IsValid(UserField!):
                throw new ArgumentException($"'{UserField}' is not a Salesforce User lookup field name (for example SDR__c, OwnerId or SDR__r).", nameof(UserField));
            case MailboxMode.SpecificUser when SpecificSender is null:
                throw new ArgumentException("-Mailbox SpecificUser needs -User: an Outreach user (id, email or name) or mailbox (id or email).", "User");
        }
        return this;
    }
}
