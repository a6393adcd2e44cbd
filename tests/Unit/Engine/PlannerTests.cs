using LeanData.Outreach.Catalog;
using LeanData.Outreach.Engine.Planning;
using LeanData.Outreach.Errors;
using Xunit;
using LeanData.Outreach.Outcomes;

namespace LeanData.Outreach.Tests.Engine;

public class PlannerTests
{
    private const string Lead = "00Q000000000001EAA";
    private const string Contact = "003000000000002AAA";
    private const string Owner = "005000000000003AAA";
    private const string Sdr = "005000000000004AAA";
    private const string Queue = "00G000000000005EAA";

    [Fact]
    public void Record_owner_from_owner_details_uses_the_default_mailbox()
    {
        var plan = Rec.Planner().Plan(Rec.Make(("Id", Lead), ("Outreach_ID__c", "500"), ("Email", "a@b.c"), ("OwnerId", Owner),
            ("Owner", Rec.Obj(("Outreach_User_ID__c", 1)))));
        Assert.True(plan.IsReady, plan.Message);
        Assert.Equal(("Lead", 500L, 1L, 101L, 11L, "Node A"), (plan.RecordType, plan.ProspectId!.Value, plan.UserId!.Value, plan.MailboxId!.Value, plan.SequenceId!.Value, plan.NodeName));
    }

    [Fact]
    public void Record_owner_from_salesforce_cli_json_shape()
    {
        var record = Rec.Make(("attributes", Rec.Obj(("type", "Contact"), ("url", "/services/data/v60.0/sobjects/Contact/x"))), ("Id", Contact),
            ("Outreach_Contact_ID__c", 77d), ("Owner", Rec.Obj(("attributes", Rec.Obj(("type", "User"))), ("Id", Owner), ("Outreach_User_ID__c", "2"))));
        var plan = Rec.Planner().Plan(record);
        Assert.True(plan.IsReady, plan.Message);
        Assert.Equal(("Contact", 77L, 2L, 102L), (plan.RecordType, plan.ProspectId!.Value, plan.UserId!.Value, plan.MailboxId!.Value));
    }

    [Fact]
    public void Record_owner_from_dotted_csv_header()
    {
        var plan = Rec.Planner().Plan(Rec.Make(("Id", Lead), ("Outreach_ID__c", "500"), ("OwnerId", Owner), ("Owner.Outreach_User_ID__c", "1")));
        Assert.True(plan.IsReady, plan.Message);
        Assert.Equal(1L, plan.UserId);
    }

    [Fact]
    public void Record_owner_from_imported_user_map_accepts_15_character_owner_ids()
    {
        var catalog = Rec.Catalog([new(Owner, 2)]);
        var plan = Rec.Planner(catalog: catalog).Plan(Rec.Make(("Id", Lead), ("Outreach_ID__c", "500"), ("OwnerId", Owner[..15])));
        Assert.True(plan.IsReady, plan.Message);
        Assert.Equal((2L, 102L), (plan.UserId!.Value, plan.MailboxId!.Value));
    }

    [Fact]
    public void User_field_reads_the_relationship_object()
    {
        var planner = Rec.Planner(MailboxMode.UserField, "SDR__c");
        var plan = planner.Plan(Rec.Make(("Id", Lead), ("Outreach_ID__c", "500"), ("OwnerId", Queue), ("SDR__c", Sdr), ("SDR__r", Rec.Obj(("Outreach_User_ID__c", "2")))));
        Assert.True(plan.IsReady, plan.Message);
        Assert.Equal((2L, 102L), (plan.UserId!.Value, plan.MailboxId!.Value));
    }

    [Fact]
    public void User_field_falls_back_to_the_user_map_and_accepts_dotted_headers()
    {
        var planner = Rec.Planner(MailboxMode.UserField, "SDR__c", catalog: Rec.Catalog([new(Sdr, 1)]));
        Assert.Equal(1L, planner.Plan(Rec.Make(("Id", Lead), ("Outreach_ID__c", "5"), ("SDR__c", Sdr))).UserId);
        Assert.Equal(2L, planner.Plan(Rec.Make(("Id", Lead), ("Outreach_ID__c", "5"), ("SDR__c", Sdr), ("SDR__r.Outreach_User_ID__c", "2"))).UserId);
    }

    [Fact]
    public void User_field_holding_a_non_user_id_is_a_configuration_error()
    {
        var plan = Rec.Planner(MailboxMode.UserField, "SDR__c").Plan(Rec.Make(("Id", Lead), ("Outreach_ID__c", "5"), ("SDR__c", Queue)));
        Assert.Equal((ActionOutcome.Edge, ActionEdge.ConfigurationError), (plan.Outcome!.Value, plan.Edge!.Value));
        Assert.Contains("SDR__c", plan.Message);
    }

    [Fact]
    public void Specific_user_applies_to_every_record_and_ignores_a_queue_owner()
    {
        var sender = CatalogResolver.ResolveSender("bo.alt@example.com", Rec.Catalog());
        Assert.Equal(new SenderSpec(2, 201, "bo.alt@example.com"), sender);
        var plan = Rec.Planner(MailboxMode.SpecificUser, sender: sender).Plan(Rec.Make(("Id", Lead), ("Outreach_ID__c", "5"), ("OwnerId", Queue)));
        Assert.True(plan.IsReady, plan.Message);
        Assert.Equal((2L, 201L), (plan.UserId!.Value, plan.MailboxId!.Value));
    }

    [Fact]
    public void Specific_user_resolution_by_id_name_and_email()
    {
        var catalog = Rec.Catalog();
        Assert.Equal(101L, CatalogResolver.ResolveSender(1L, catalog).MailboxId);
        Assert.Equal(102L, CatalogResolver.ResolveSender("Bo Sdr", catalog).MailboxId);
        Assert.Equal(1L, CatalogResolver.ResolveSender("201", catalog) is { UserId: 2 } ? 1L : 0L);
        Assert.Equal(ErrorCatalog.UserNotFound, Assert.Throws<CatalogResolutionException>(() => CatalogResolver.ResolveSender("nobody@example.com", catalog)).Error);
        Assert.Equal(ErrorCatalog.OutreachUserMailboxNotUsable, Assert.Throws<CatalogResolutionException>(() => CatalogResolver.ResolveSender(3L, catalog)).Error);
    }

    [Fact]
    public void An_ambiguous_sender_name_has_the_same_error_id_as_an_ambiguous_user_in_the_map()
    {
        var catalog = new CatalogSnapshot(
            [new OutreachUserInfo(1, "Sam Twin", "sam1@example.com", false, 101), new OutreachUserInfo(2, "Sam Twin", "sam2@example.com", false, 102)],
            [new MailboxInfo(101, 1, "sam1@example.com", true, true), new MailboxInfo(102, 2, "sam2@example.com", true, true)], null);
        var ex = Assert.Throws<CatalogResolutionException>(() => CatalogResolver.ResolveSender("Sam Twin", catalog));
        Assert.Equal(ErrorCatalog.UserAmbiguous, ex.Error);
        Assert.Contains("ids 1, 2", ex.Message);
    }

    [Fact]
    public void Queue_owned_record_with_record_owner_takes_the_queue_owner_edge()
    {
        var plan = Rec.Planner().Plan(Rec.Make(("Id", Lead), ("Outreach_ID__c", "5"), ("OwnerId", Queue)));
        Assert.Equal((ActionOutcome.Edge, ActionEdge.QueueOwner, FailureCategory.QueueOwner), (plan.Outcome!.Value, plan.Edge!.Value, plan.Category));
    }

    [Fact]
    public void Queue_owner_from_owner_attributes_type()
    {
        var plan = Rec.Planner().Plan(Rec.Make(("Id", Lead), ("Outreach_ID__c", "5"), ("Owner", Rec.Obj(("attributes", Rec.Obj(("type", "Group")))))));
        Assert.Equal(ActionEdge.QueueOwner, plan.Edge);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Missing_prospect_id_edge(string? value)
    {
        var plan = Rec.Planner().Plan(Rec.Make(("Id", Lead), ("Outreach_ID__c", value), ("OwnerId", Owner), ("Owner.Outreach_User_ID__c", "1")));
        Assert.Equal(ActionEdge.MissingProspectId, plan.Edge);
        Assert.Contains("Outreach_ID__c", plan.Message);
    }

    [Fact]
    public void Missing_user_id_edge_when_neither_the_record_nor_the_map_knows_the_owner()
    {
        var plan = Rec.Planner().Plan(Rec.Make(("Id", Lead), ("Outreach_ID__c", "5"), ("OwnerId", Owner), ("Owner", Rec.Obj(("Outreach_User_ID__c", null)))));
        Assert.Equal(ActionEdge.MissingUserId, plan.Edge);
        Assert.Contains(Owner, plan.Message);
    }

    [Theory]
    [InlineData("Outreach_ID__c", "john@example.com")]
    [InlineData("Outreach_ID__c", "12.5")]
    [InlineData("Owner.Outreach_User_ID__c", "005000000000003AAA")]
    public void Mapped_field_holding_a_non_id_is_a_configuration_error(string field, string value)
    {
        var record = Rec.Make(("Id", Lead), ("Outreach_ID__c", "5"), ("OwnerId", Owner), ("Owner.Outreach_User_ID__c", "1"));
        ((Dictionary<string, object?>)record.Fields)[field] = value;
        var plan = Rec.Planner().Plan(record);
        Assert.Equal((ActionOutcome.Edge, ActionEdge.ConfigurationError), (plan.Outcome!.Value, plan.Edge!.Value));
        Assert.Contains(field, plan.Message);
        Assert.Contains("cannot be an Outreach id", plan.Message);
    }

    [Fact]
    public void No_valid_authorization_is_a_configuration_error_for_every_record()
    {
        var plan = Rec.Planner(authProblem: "the Outreach authorization was revoked").Plan(Rec.Make(("Id", Lead), ("Outreach_ID__c", "5"), ("Owner.Outreach_User_ID__c", "1")));
        Assert.Equal(ActionEdge.ConfigurationError, plan.Edge);
        Assert.Contains("revoked", plan.Message);
    }

    [Fact]
    public void Converted_lead_adds_the_contact_with_its_outreach_id_and_owner()
    {
        var record = Rec.Make(("Id", Lead), ("IsConverted", "true"), ("ConvertedContactId", Contact), ("Outreach_ID__c", "5"),
            ("OwnerId", Owner), ("Owner.Outreach_User_ID__c", "1"),
            ("ConvertedContact", Rec.Obj(("Outreach_Contact_ID__c", "900"), ("OwnerId", Sdr), ("Owner", Rec.Obj(("Outreach_User_ID__c", "2"))))));
        var plan = Rec.Planner().Plan(record);
        Assert.True(plan.IsReady, plan.Message);
        Assert.Equal((Lead, "Lead", Contact, "Contact", 900L, 2L), (plan.RecordId, plan.RecordType, plan.TargetRecordId, plan.TargetRecordType, plan.ProspectId!.Value, plan.UserId!.Value));
    }

    [Fact]
    public void Converted_lead_without_the_contacts_outreach_id_is_missing_prospect_id()
    {
        var record = Rec.Make(("Id", Lead), ("IsConverted", true), ("ConvertedContactId", Contact), ("Outreach_ID__c", "5"), ("OwnerId", Owner), ("Owner.Outreach_User_ID__c", "1"));
        var plan = Rec.Planner().Plan(record);
        Assert.Equal(ActionEdge.MissingProspectId, plan.Edge);
        Assert.Contains("ConvertedContact.Outreach_Contact_ID__c", plan.Message);
    }

    [Fact]
    public void Converted_lead_uses_the_leads_owner_when_the_contact_has_none()
    {
        var record = Rec.Make(("Id", Lead), ("IsConverted", true), ("ConvertedContactId", Contact), ("ConvertedContact.Outreach_Contact_ID__c", "900"), ("OwnerId", Owner), ("Owner.Outreach_User_ID__c", "1"));
        var plan = Rec.Planner().Plan(record);
        Assert.True(plan.IsReady, plan.Message);
        Assert.Equal((900L, 1L), (plan.ProspectId!.Value, plan.UserId!.Value));
    }

    [Fact]
    public void Merge_dupe_in_path_skips_every_record()
    {
        var planner = Rec.Planner(mergeDupe: true);
        Assert.Equal(ActionOutcome.Skipped, planner.Plan(Rec.Make(("Id", Lead), ("Outreach_ID__c", "5"), ("Owner.Outreach_User_ID__c", "1"))).Outcome);
        Assert.Equal(ActionOutcome.Skipped, planner.Plan(Rec.Make(("Id", "garbage"))).Outcome);
    }

    [Fact]
    public void Empty_email_with_an_email_step_fails_without_a_call_but_an_absent_email_column_does_not()
    {
        var planner = Rec.Planner();
        var empty = planner.Plan(Rec.Make(("Id", Lead), ("Outreach_ID__c", "5"), ("Owner.Outreach_User_ID__c", "1"), ("Email", "")));
        Assert.Equal((ActionOutcome.Error, FailureCategory.ProspectMissingEmail), (empty.Outcome!.Value, empty.Category));
        Assert.True(planner.Plan(Rec.Make(("Id", Lead), ("Outreach_ID__c", "5"), ("Owner.Outreach_User_ID__c", "1"))).IsReady);
        var noEmailStep = Rec.Sequence with { HasEmailStep = false };
        Assert.True(Rec.Planner(sequence: noEmailStep).Plan(Rec.Make(("Id", Lead), ("Outreach_ID__c", "5"), ("Owner.Outreach_User_ID__c", "1"), ("Email", null))).IsReady);
    }

    [Fact]
    public void User_without_mailbox_and_unknown_user_are_errors_before_any_call()
    {
        var noMailbox = Rec.Planner().Plan(Rec.Make(("Id", Lead), ("Outreach_ID__c", "5"), ("Owner.Outreach_User_ID__c", "3")));
        Assert.Equal(FailureCategory.MailboxSendDisabled, noMailbox.Category);
        var unknown = Rec.Planner().Plan(Rec.Make(("Id", Lead), ("Outreach_ID__c", "5"), ("Owner.Outreach_User_ID__c", "999")));
        Assert.Equal(FailureCategory.ResourceNotFound, unknown.Category);
    }

    public static TheoryData<object?, string> Malformed => new()
    {
        { null, "no Id" },
        { "", "no Id" },
        { 12345, "not a Salesforce id" },
        { "00Q123", "not a Salesforce id" },
        { new string('Q', 100_000), "not a Salesforce id" },
        { "001000000000001AAA", "not a Lead (00Q) or Contact (003)" },
        { "005000000000001AAA", "a User" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_records_are_invalid_with_a_message_naming_record_and_field(object? id, string expected)
    {
        var plan = Rec.Planner().Plan(Rec.At(42, ("Id", id), ("Outreach_ID__c", "5"), ("Owner.Outreach_User_ID__c", "1")));
        Assert.Equal((ActionOutcome.Error, FailureCategory.InvalidRecord), (plan.Outcome!.Value, plan.Category));
        Assert.Contains("record 42", plan.Message);
        Assert.Contains(expected, plan.Message);
        Assert.True(plan.Message!.Length < 400);
    }

    [Fact]
    public void Attributes_type_conflicting_with_the_id_prefix_is_invalid()
    {
        var plan = Rec.Planner().Plan(Rec.Make(("attributes", Rec.Obj(("type", "Contact"))), ("Id", Lead), ("Outreach_Contact_ID__c", "5")));
        Assert.Equal(FailureCategory.InvalidRecord, plan.Category);
        Assert.Contains("attributes.type", plan.Message);
    }

    [Fact]
    public void User_field_mode_requires_a_field_name()
    {
        Assert.Throws<ArgumentException>(() => Rec.Planner(MailboxMode.UserField));
        Assert.Throws<ArgumentException>(() => Rec.Planner(MailboxMode.SpecificUser));
    }

    [Theory]
    [InlineData("maybe")]
    [InlineData("yes please")]
    [InlineData(2)]
    public void A_converted_flag_that_is_not_true_or_false_is_an_invalid_record(object value)
    {
        var plan = Rec.Planner().Plan(Rec.Make(("Id", Lead), ("IsConverted", value), ("Outreach_ID__c", "5"), ("OwnerId", Owner), ("Owner.Outreach_User_ID__c", "1")));
        Assert.Equal((ActionOutcome.Error, FailureCategory.InvalidRecord), (plan.Outcome!.Value, plan.Category));
        Assert.Contains("record 1 (" + Lead + "): IsConverted holds ", plan.Message);
        Assert.Contains("expected true or false", plan.Message);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData(" FALSE ", false)]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData("", false)]
    public void Salesforce_checkbox_values_are_read_as_booleans(string value, bool converted)
    {
        var plan = Rec.Planner().Plan(Rec.Make(("Id", Lead), ("IsConverted", value), ("ConvertedContactId", Contact), ("Outreach_ID__c", "5"),
            ("OwnerId", Owner), ("Owner.Outreach_User_ID__c", "1"), ("ConvertedContact", Rec.Obj(("Outreach_Contact_ID__c", "900")))));
        Assert.True(plan.IsReady, plan.Message);
        Assert.Equal(converted ? Contact : Lead, plan.TargetRecordId);
    }

    public static TheoryData<string, object> WrongShapes() => new()
    {
        { "OwnerId", Rec.Obj() },
        { "OwnerId", new List<object?> { Owner } },
        { "ConvertedContactId", Rec.Obj(("Id", Contact)) },
        { "Email", Rec.Obj(("address", "a@b.c")) },
        { "attributes.type", Rec.Obj() },
        { "Outreach_ID__c", new List<object?> { "5", "6" } },
        { "Owner.Outreach_User_ID__c", Rec.Obj(("Id", "1")) },
    };

    [Theory]
    [MemberData(nameof(WrongShapes))]
    public void An_object_or_list_where_one_value_belongs_is_an_invalid_record_naming_the_field(string field, object value)
    {
        var record = Rec.Make(("Id", Lead), ("Outreach_ID__c", "5"), ("OwnerId", Owner), ("Owner.Outreach_User_ID__c", "1"), ("Email", "a@b.c"));
        if (field == "ConvertedContactId") ((Dictionary<string, object?>)record.Fields)["IsConverted"] = true;
        ((Dictionary<string, object?>)record.Fields)[field] = value;
        var plan = Rec.Planner(sequence: Rec.Sequence).Plan(record);
        Assert.Equal((ActionOutcome.Error, FailureCategory.InvalidRecord), (plan.Outcome!.Value, plan.Category));
        Assert.Contains($"record 1 ({Lead}): {field} holds ", plan.Message);
        Assert.Contains("expected ", plan.Message);
        Assert.DoesNotContain("`", plan.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-4")]
    [InlineData("12.5")]
    public void A_mapped_field_holding_a_non_id_says_so_in_one_sentence(string value)
    {
        var plan = Rec.Planner().Plan(Rec.Make(("Id", Lead), ("Outreach_ID__c", value), ("OwnerId", Owner), ("Owner.Outreach_User_ID__c", "1")));
        Assert.Equal(ActionEdge.ConfigurationError, plan.Edge);
        Assert.Contains($"Outreach_ID__c holds '{value}', which is not a positive whole number, so it cannot be an Outreach id.", plan.Message);
    }

    [Fact]
    public void Field_names_with_spaces_around_them_still_match()
    {
        var plan = Rec.Planner().Plan(Rec.Make((" Id ", Lead), ("Outreach_ID__c ", "5"), (" OwnerId", Owner), ("Owner.Outreach_User_ID__c", "1")));
        Assert.True(plan.IsReady, plan.Message);
        Assert.Equal((Lead, 5L), (plan.RecordId, plan.ProspectId!.Value));
    }

    [Fact]
    public void A_record_without_an_id_lists_the_fields_it_has()
    {
        var plan = Rec.Planner().Plan(Rec.Make(("Lead ID", Lead), ("Outreach_ID__c", "5")));
        Assert.Equal(FailureCategory.InvalidRecord, plan.Category);
        Assert.Contains("'Lead ID'", plan.Message);
    }
}
