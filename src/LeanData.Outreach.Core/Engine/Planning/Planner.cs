using System.Globalization;
using LeanData.Outreach.Catalog;
using LeanData.Outreach.Engine.Records;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outcomes;

namespace LeanData.Outreach.Engine.Planning;

/// <summary>
/// Decides, per record and without calling Outreach, what the Add to Sequence node does: which prospect,
/// which sender (user and mailbox), or which edge / error the record takes instead.
/// </summary>
/// <remarks>
/// Record shapes accepted (property names case-insensitive; nested objects or dotted keys):
/// <list type="bullet">
/// <item>Type: <c>attributes.type</c> (Lead or Contact), else the <c>Id</c> prefix (00Q Lead, 003 Contact).</item>
/// <item>Prospect id: the mapped Lead or Contact field (Set-LDFieldMapping), e.g. <c>Outreach_ID__c</c>.</item>
/// <item>Converted Lead: <c>IsConverted</c> true and <c>ConvertedContactId</c> (or <c>ConvertedContact.Id</c>);
/// the Contact's Outreach id comes from <c>ConvertedContact.&lt;Contact field&gt;</c>, its owner from
/// <c>ConvertedContact.OwnerId</c> / <c>ConvertedContact.Owner.&lt;User field&gt;</c> when given, else the Lead's owner,
/// its email from <c>ConvertedContact.Email</c> when given, else the Lead's.</item>
/// <item>Record owner: <c>OwnerId</c> (or <c>Owner.Id</c>); the owner's Outreach id from <c>Owner.&lt;User field&gt;</c>,
/// else the map imported with Import-LDSalesforceUser. An OwnerId starting 00G is a queue.</item>
/// <item>User field: <c>-UserField SDR__c</c> reads the User id from <c>SDR__c</c> and the Outreach id from
/// <c>SDR__r.&lt;User field&gt;</c> (standard lookups: <c>OwnerId</c> ↔ <c>Owner</c>), else the imported map.</item>
/// <item>Email: checked only when the record has an <c>Email</c> property and the sequence has an email step.</item>
/// <item>Sequence: the node's, or with <see cref="PlanOptions.UserSequences"/> the sender's primary sequence from the
/// user-sequence map (a sender without one fails as NoUserSequenceMapping).</item>
/// </list>
/// </remarks>
public sealed class Planner
{
    private readonly PlanOptions _options;
    private readonly CatalogSnapshot _catalog;
    private readonly UserFieldPath? _userField;

    public Planner(PlanOptions options, CatalogSnapshot catalog)
    {
        _options = options.Validated();
        _catalog = catalog;
        if (options.Mode == MailboxMode.UserField) UserFieldPath.TryParse(options.UserField!, out _userField);
    }

    public PlanOptions Options => _options;

    public RecordPlan Plan(SalesforceRecord record)
    {
        var plan = new RecordPlan
        {
            Record = record,
            SequenceId = _options.Sequence?.Id,
            SequenceName = _options.Sequence?.Name,
            NodeName = _options.NodeName,
        };
        var (type, typeProblem) = ReadType(record, ref plan);

        if (_options.MergeDupeInPath)
            return plan with
            {
                Outcome = ActionOutcome.Skipped,
                Category = FailureCategory.MergeDupeInPath,
                Message = $"{record.Describe()}: a Merge Dupe node is in the same path, so the record is not added to a sequence.",
            };
        if (typeProblem is not null) return Invalid(plan, typeProblem);
        if (_options.AuthorizationProblem is { } authorization)
            return Edge(plan, ActionEdge.ConfigurationError, $"{record.Describe()}: {authorization}");

        // A converted Lead adds its Contact instead.
        var prefix = "";
        var targetType = type;
        plan = plan with { TargetRecordId = plan.RecordId, TargetRecordType = type.ToString() };
        if (type == SalesforceObjectType.Lead && record.GetBoolean("IsConverted"))
        {
            var contactId = record.GetText("ConvertedContactId") ?? record.GetText("ConvertedContact.Id");
            if (contactId is null)
                return Invalid(plan, $"{record.Describe()}: the Lead is converted (IsConverted) but has no ConvertedContactId, so the related Contact is unknown.");
            if (!SalesforceId.IsWellFormed(contactId) || SalesforceId.TypeFromPrefix(contactId) != SalesforceObjectType.Contact)
                return Invalid(plan, $"{record.Describe()}: ConvertedContactId {RecordText.Describe(contactId)} is not a Contact id (15 or 18 characters starting 003).");
            prefix = "ConvertedContact.";
            targetType = SalesforceObjectType.Contact;
            plan = plan with { TargetRecordId = contactId, TargetRecordType = nameof(SalesforceObjectType.Contact) };
        }

        // Queue owners first: the record tells, whatever else is missing.
        string? ownerId = null;
        var ownerPrefix = "";
        if (_options.Mode == MailboxMode.RecordOwner)
        {
            ownerPrefix = prefix.Length > 0 && (record.GetText(prefix + "OwnerId") ?? record.GetText(prefix + "Owner.Id")) is not null ? prefix : "";
            ownerId = record.GetText(ownerPrefix + "OwnerId") ?? record.GetText(ownerPrefix + "Owner.Id");
            var ownerObjectType = record.GetText(ownerPrefix + "Owner.attributes.type");
            var isQueue = (ownerId is not null && ownerId.StartsWith(SalesforceId.QueuePrefix, StringComparison.Ordinal))
                || string.Equals(ownerObjectType, "Queue", StringComparison.OrdinalIgnoreCase)
                || string.Equals(ownerObjectType, "Group", StringComparison.OrdinalIgnoreCase);
            if (isQueue)
                return Edge(plan, ActionEdge.QueueOwner, $"{record.Describe()}: the {targetType} is owned by queue {RecordText.Describe(ownerId)}; queues have no Outreach mailbox, so Record Owner cannot send.");
        }

        // Prospect.
        var prospectField = _options.FieldMapping.ForObject(targetType.ToString());
        var prospectPath = prefix + prospectField;
        var prospect = OutreachId.Parse(record.Get(prospectPath));
        switch (prospect.Status)
        {
            case OutreachIdStatus.Missing:
                return Edge(plan, ActionEdge.MissingProspectId, $"{record.Describe()}: {prospectPath} is empty: the {targetType} has no Outreach prospect id (not synced to Outreach yet?).");
            case OutreachIdStatus.Invalid:
                return Edge(plan, ActionEdge.ConfigurationError, $"{record.Describe()}: {prospectPath} holds {prospect.Problem}. Check the {targetType} field mapping (Set-LDFieldMapping).");
        }
        plan = plan with { ProspectId = prospect.Id };

        // Sender.
        SenderSpec sender;
        if (_options.Mode == MailboxMode.SpecificUser)
        {
            sender = _options.SpecificSender!;
        }
        else
        {
            var (userId, failed) = _options.Mode == MailboxMode.RecordOwner
                ? ResolveOwner(record, plan, ownerPrefix, ownerId)
                : ResolveUserField(record, plan, prefix);
            if (failed is not null) return failed;
            var user = _catalog.FindUser(userId);
            if (user is null)
                return Error(plan with { UserId = userId }, FailureCategory.ResourceNotFound,
                    $"{record.Describe()}: Outreach user {userId} is not in the Outreach user catalog (refresh it with Connect-LDOutreach, or check the User field mapping).");
            var mailbox = _catalog.DefaultMailboxFor(userId);
            if (mailbox is null)
                return Error(plan with { UserId = userId }, FailureCategory.MailboxSendDisabled,
                    $"{record.Describe()}: Outreach user {userId} ({user.Name ?? user.Email}) has no mailbox to send from.");
            sender = new SenderSpec(userId, mailbox.Id, mailbox.Email);
        }
        plan = plan with { UserId = sender.UserId, MailboxId = sender.MailboxId };

        // Sequence: the node's, or the sender's primary sequence from the user-sequence map.
        var sequence = _options.Sequence;
        if (_options.UserSequences is { } routing)
        {
            var (routed, failed) = RouteToUserSequence(record, plan, routing);
            if (failed is not null) return failed;
            sequence = routed!;
            plan = plan with { SequenceId = sequence.Id, SequenceName = sequence.Name };
        }

        // Email: only when the record says it has none.
        if (sequence!.HasEmailStep)
        {
            var emailPath = prefix.Length > 0 && record.TryGet(prefix + "Email", out _) ? prefix + "Email" : "Email";
            if (record.TryGet(emailPath, out var email) && string.IsNullOrWhiteSpace(RecordText.AsText(email)))
                return Error(plan, FailureCategory.ProspectMissingEmail,
                    $"{record.Describe()}: {emailPath} is empty and sequence '{sequence.Name}' has an email step.");
        }
        return plan;
    }

    private (SequenceInfo? Sequence, RecordPlan? Failed) RouteToUserSequence(SalesforceRecord record, RecordPlan plan, UserSequenceRouting routing)
    {
        var userId = plan.UserId!.Value;
        var user = _catalog.FindUser(userId);
        var who = user?.Name ?? user?.Email;
        var userText = who is null ? $"Outreach user {userId}" : $"Outreach user {userId} ({who})";
        var mapping = routing.FindMapping(userId);
        if (mapping is null)
            return (null, Error(plan, FailureCategory.NoUserSequenceMapping,
                $"{record.Describe()}: the sender, {userText}, has no primary sequence in the user-sequence map. " +
                $"Map one with Set-LDUserSequenceMap -User {user?.Email ?? userId.ToString(CultureInfo.InvariantCulture)} -Sequence <sequence name or id>."));
        plan = plan with { SequenceId = mapping.SequenceId, SequenceName = mapping.SequenceName };
        var sequenceText = mapping.SequenceName is null ? $"sequence {mapping.SequenceId}" : $"sequence {mapping.SequenceId} ('{mapping.SequenceName}')";
        var sequence = routing.FindSequence(mapping.SequenceId);
        if (sequence is null)
            return (null, Error(plan, FailureCategory.ResourceNotFound,
                $"{record.Describe()}: {userText} is mapped to {sequenceText}, which is not in the sequence catalog (deleted in Outreach?). " +
                "Refresh the catalog (Get-LDSequence -Refresh) or map the user to another sequence with Set-LDUserSequenceMap."));
        if (!sequence.Usable)
            return (null, Error(plan with { SequenceName = sequence.Name }, FailureCategory.SequenceNotUsable,
                $"{record.Describe()}: {userText} is mapped to sequence {sequence.Id} ('{sequence.Name}'), which cannot be used for Add to Sequence: it is {sequence.UnusableReason}."));
        return (sequence, null);
    }

    private (long UserId, RecordPlan? Failed) ResolveOwner(SalesforceRecord record, RecordPlan plan, string ownerPrefix, string? ownerId)
    {
        var fieldPath = ownerPrefix + "Owner." + _options.FieldMapping.User;
        if (ownerId is not null && (!SalesforceId.IsWellFormed(ownerId) || SalesforceId.TypeFromPrefix(ownerId) != SalesforceObjectType.User))
            return (0, Invalid(plan, $"{record.Describe()}: {ownerPrefix}OwnerId {RecordText.Describe(ownerId)} is not a Salesforce User or Queue id."));
        var parsed = OutreachId.Parse(record.Get(fieldPath));
        switch (parsed.Status)
        {
            case OutreachIdStatus.Valid:
                return (parsed.Id, null);
            case OutreachIdStatus.Invalid:
                return (0, Edge(plan, ActionEdge.ConfigurationError, $"{record.Describe()}: {fieldPath} holds {parsed.Problem}. Check the User field mapping (Set-LDFieldMapping)."));
        }
        if (ownerId is null)
            return (0, Edge(plan, ActionEdge.MissingUserId, $"{record.Describe()}: the record has no {ownerPrefix}OwnerId and no {fieldPath}, so the owner's Outreach user is unknown."));
        if (_catalog.FindOutreachUserForSalesforceUser(ownerId) is { } mapped) return (mapped, null);
        return (0, Edge(plan, ActionEdge.MissingUserId,
            $"{record.Describe()}: owner {ownerId} has no Outreach user id ({fieldPath} is empty and the owner is not in the imported user map; see Import-LDSalesforceUser)."));
    }

    private (long UserId, RecordPlan? Failed) ResolveUserField(SalesforceRecord record, RecordPlan plan, string prefix)
    {
        var path = _userField!;
        var idPath = prefix + path.IdField;
        var relationshipPath = prefix + path.RelationshipName;
        var raw = record.Get(idPath);
        var relationship = record.GetObject(relationshipPath);
        if (raw is IReadOnlyDictionary<string, object?> given)
        {
            relationship = given;
            raw = SalesforceRecord.TryGet(given, "Id", out var nestedId) ? nestedId : null;
        }
        var userId = RecordText.AsText(raw)?.Trim();
        if (string.IsNullOrEmpty(userId)) userId = relationship is not null && SalesforceRecord.TryGet(relationship, "Id", out var relId) ? RecordText.AsText(relId)?.Trim() : null;
        if (string.IsNullOrEmpty(userId)) userId = null;
        if (userId is not null && (!SalesforceId.IsWellFormed(userId) || SalesforceId.TypeFromPrefix(userId) != SalesforceObjectType.User))
            return (0, Edge(plan, ActionEdge.ConfigurationError,
                $"{record.Describe()}: {idPath} holds {RecordText.Describe(userId)}, not a Salesforce User id (005…). -UserField must name a User lookup field."));

        object? outreachValue = null;
        var outreachPath = relationshipPath + "." + _options.FieldMapping.User;
        if (relationship is not null) SalesforceRecord.TryGet(relationship, _options.FieldMapping.User, out outreachValue);
        else outreachValue = record.Get(outreachPath);
        var parsed = OutreachId.Parse(outreachValue);
        switch (parsed.Status)
        {
            case OutreachIdStatus.Valid:
                return (parsed.Id, null);
            case OutreachIdStatus.Invalid:
                return (0, Edge(plan, ActionEdge.ConfigurationError, $"{record.Describe()}: {outreachPath} holds {parsed.Problem}. Check the User field mapping (Set-LDFieldMapping)."));
        }
        if (userId is null)
            return (0, Edge(plan, ActionEdge.MissingUserId, $"{record.Describe()}: {idPath} is empty, so there is no sending user."));
        if (_catalog.FindOutreachUserForSalesforceUser(userId) is { } mapped) return (mapped, null);
        return (0, Edge(plan, ActionEdge.MissingUserId,
            $"{record.Describe()}: user {userId} in {idPath} has no Outreach user id ({outreachPath} is empty and the user is not in the imported user map; see Import-LDSalesforceUser)."));
    }

    private static (SalesforceObjectType Type, string? Problem) ReadType(SalesforceRecord record, ref RecordPlan plan)
    {
        var rawId = record.Get("Id");
        var attributeType = record.GetText("attributes.type");
        if (rawId is null || (rawId is string s && string.IsNullOrWhiteSpace(s)))
            return (SalesforceObjectType.Unknown, $"{record.Describe()}: the record has no Id. Include the Salesforce Id of each Lead or Contact.");
        if (rawId is not string idText)
            return (SalesforceObjectType.Unknown, $"{record.Describe()}: Id is {RecordText.Describe(rawId)}, not a Salesforce id (15 or 18 letters and digits).");
        idText = idText.Trim();
        if (!SalesforceId.IsWellFormed(idText))
        {
            plan = plan with { RecordId = RecordText.Truncate(idText) };
            return (SalesforceObjectType.Unknown, $"{record.Describe()}: Id {RecordText.Describe(idText)} is not a Salesforce id (15 or 18 letters and digits).");
        }
        var prefixType = SalesforceId.TypeFromPrefix(idText);
        plan = plan with { RecordId = idText };
        SalesforceObjectType type;
        if (attributeType is not null)
        {
            type = attributeType.ToLowerInvariant() switch
            {
                "lead" => SalesforceObjectType.Lead,
                "contact" => SalesforceObjectType.Contact,
                _ => SalesforceObjectType.Unknown,
            };
            if (type == SalesforceObjectType.Unknown)
            {
                plan = plan with { RecordType = RecordText.Truncate(attributeType) };
                return (type, $"{record.Describe()}: attributes.type is {RecordText.Describe(attributeType)}; Add to Sequence takes Leads and Contacts.");
            }
            if (prefixType != type)
            {
                plan = plan with { RecordType = type.ToString() };
                return (type, $"{record.Describe()}: attributes.type says {type} but Id {idText} starts {idText[..3]} ({(prefixType == SalesforceObjectType.Unknown ? "another object" : prefixType.ToString())}).");
            }
        }
        else
        {
            type = prefixType;
            if (type is not (SalesforceObjectType.Lead or SalesforceObjectType.Contact))
                return (type, $"{record.Describe()}: Id prefix {idText[..3]} is {(type == SalesforceObjectType.Unknown ? "not a Lead (00Q) or Contact (003)" : $"a {type}, not a Lead (00Q) or Contact (003)")}; Add to Sequence takes Leads and Contacts.");
        }
        plan = plan with { RecordType = type.ToString() };
        return (type, null);
    }

    private static RecordPlan Edge(RecordPlan plan, ActionEdge edge, string message) => plan with
    {
        Outcome = ActionOutcome.Edge,
        Edge = edge,
        Category = edge switch
        {
            ActionEdge.ConfigurationError => FailureCategory.ConfigurationError,
            ActionEdge.MissingProspectId => FailureCategory.MissingProspectId,
            ActionEdge.MissingUserId => FailureCategory.MissingUserId,
            _ => FailureCategory.QueueOwner,
        },
        Message = message,
    };

    private static RecordPlan Invalid(RecordPlan plan, string message) => Error(plan, FailureCategory.InvalidRecord, message);

    private static RecordPlan Error(RecordPlan plan, FailureCategory category, string message) => plan with
    {
        Outcome = ActionOutcome.Error,
        Category = category,
        Message = message,
    };
}
