using LeanData.Outreach.Catalog;
using LeanData.Outreach.Engine.Planning;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Routing;
using Xunit;
using LeanData.Outreach.Outcomes;
using LeanData.Outreach.Store;

namespace LeanData.Outreach.Tests.Engine;

/// <summary>The planner with the V2 user-sequence map (-UseUserSequenceMap): each record goes to its sender's primary sequence.</summary>
public class UserSequenceRoutingPlannerTests
{
    private const string Lead = "00Q000000000001EAA";
    private const string Owner = "005000000000003AAA";
    private const string Sdr = "005000000000004AAA";
    private const string Queue = "00G000000000005EAA";

    private static readonly SequenceInfo EmailSequence = new(21, "Ada's Email Nurture", true, false, "shared", 1, null, true, "disallow", null);
    private static readonly SequenceInfo CallSequence = new(22, "Bo's Call Blitz", true, false, "shared", 1, null, false, "allow", null);
    private static readonly SequenceInfo PrivateSequence = new(23, "Private", true, false, "private", 1, null, true, null, null);
    private static readonly SequenceInfo DisabledSequence = new(24, "Disabled", false, false, "shared", 1, null, true, null, null);

    private static UserSequenceMapping Map(long user, SequenceInfo sequence) => new(user, null, null, sequence.Id, sequence.Name, DateTimeOffset.UnixEpoch);

    private static UserSequenceRouting Routing(params UserSequenceMapping[] mappings) =>
        new(new UserSequenceMap(mappings), [EmailSequence, CallSequence, PrivateSequence, DisabledSequence]);

    private static Planner Planner(UserSequenceRouting routing, MailboxMode mode = MailboxMode.RecordOwner, string? userField = null, SenderSpec? sender = null,
        string? authProblem = null, CatalogSnapshot? catalog = null) =>
        new(new PlanOptions(null, Rec.Mapping, mode, userField, sender, false, "Node A", authProblem, routing), catalog ?? Rec.Catalog());

    private static LeanData.Outreach.Engine.Records.SalesforceRecord OwnedBy(long outreachUser, string? email = "a@b.c") =>
        Rec.Make(("Id", Lead), ("Outreach_ID__c", "500"), ("Email", email), ("OwnerId", Owner), ("Owner.Outreach_User_ID__c", outreachUser.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Each_record_goes_to_the_primary_sequence_of_its_owner()
    {
        var planner = Planner(Routing(Map(1, EmailSequence), Map(2, CallSequence)));
        var ada = planner.Plan(OwnedBy(1));
        var bo = planner.Plan(OwnedBy(2));
        Assert.True(ada.IsReady, ada.Message);
        Assert.True(bo.IsReady, bo.Message);
        Assert.Equal((21L, "Ada's Email Nurture", 1L, 101L), (ada.SequenceId!.Value, ada.SequenceName, ada.UserId!.Value, ada.MailboxId!.Value));
        Assert.Equal((22L, "Bo's Call Blitz", 2L, 102L), (bo.SequenceId!.Value, bo.SequenceName, bo.UserId!.Value, bo.MailboxId!.Value));
    }

    [Fact]
    public void A_sender_without_a_mapping_fails_naming_the_record_the_user_and_the_remedy()
    {
        var plan = Planner(Routing(Map(1, EmailSequence))).Plan(OwnedBy(2));
        Assert.Equal((ActionOutcome.Error, FailureCategory.NoUserSequenceMapping), (plan.Outcome!.Value, plan.Category));
        Assert.Null(plan.Edge);
        Assert.Null(plan.SequenceId);
        Assert.Equal(2L, plan.UserId);
        Assert.Contains(Lead, plan.Message);
        Assert.Contains("Outreach user 2 (Bo Sdr)", plan.Message);
        Assert.Contains("Set-LDUserSequenceMap -User bo@example.com -Sequence", plan.Message);
        Assert.Contains("Set-LDUserSequenceMap -User", ErrorCatalog.Get(FailureCategory.NoUserSequenceMapping).RecommendedAction);
        Assert.False(ErrorCatalog.Get(FailureCategory.NoUserSequenceMapping).IsRetryable);
    }

    [Fact]
    public void The_email_step_check_uses_the_mapped_sequence()
    {
        var planner = Planner(Routing(Map(1, EmailSequence), Map(2, CallSequence)));
        var toEmailSequence = planner.Plan(OwnedBy(1, email: ""));
        Assert.Equal((ActionOutcome.Error, FailureCategory.ProspectMissingEmail, 21L), (toEmailSequence.Outcome!.Value, toEmailSequence.Category, toEmailSequence.SequenceId!.Value));
        Assert.Contains("Ada's Email Nurture", toEmailSequence.Message);
        var toCallSequence = planner.Plan(OwnedBy(2, email: ""));
        Assert.True(toCallSequence.IsReady, toCallSequence.Message);
        Assert.Equal(22L, toCallSequence.SequenceId);
    }

    [Fact]
    public void The_sender_comes_from_the_mailbox_mode()
    {
        var routing = Routing(Map(1, EmailSequence), Map(2, CallSequence));
        var byField = Planner(routing, MailboxMode.UserField, "SDR__c").Plan(
            Rec.Make(("Id", Lead), ("Outreach_ID__c", "5"), ("OwnerId", Owner), ("Owner.Outreach_User_ID__c", "1"), ("SDR__c", Sdr), ("SDR__r", Rec.Obj(("Outreach_User_ID__c", "2")))));
        Assert.True(byField.IsReady, byField.Message);
        Assert.Equal((2L, 22L), (byField.UserId!.Value, byField.SequenceId!.Value));

        var specific = Planner(routing, MailboxMode.SpecificUser, sender: new SenderSpec(1, 101)).Plan(
            Rec.Make(("Id", Lead), ("Outreach_ID__c", "5"), ("OwnerId", Queue)));
        Assert.True(specific.IsReady, specific.Message);
        Assert.Equal((1L, 21L), (specific.UserId!.Value, specific.SequenceId!.Value));

        var byImportedMap = Planner(routing, catalog: Rec.Catalog([new(Owner, 2)])).Plan(Rec.Make(("Id", Lead), ("Outreach_ID__c", "5"), ("OwnerId", Owner)));
        Assert.Equal(22L, byImportedMap.SequenceId);
    }

    [Fact]
    public void Edges_are_decided_before_the_map_and_carry_no_sequence()
    {
        var planner = Planner(Routing(Map(1, EmailSequence)));
        var queue = planner.Plan(Rec.Make(("Id", Lead), ("Outreach_ID__c", "5"), ("OwnerId", Queue)));
        Assert.Equal((ActionEdge.QueueOwner, (long?)null), (queue.Edge!.Value, queue.SequenceId));
        var noProspect = planner.Plan(Rec.Make(("Id", Lead), ("Outreach_ID__c", ""), ("OwnerId", Owner), ("Owner.Outreach_User_ID__c", "1")));
        Assert.Equal(ActionEdge.MissingProspectId, noProspect.Edge);
        var noUser = planner.Plan(Rec.Make(("Id", Lead), ("Outreach_ID__c", "5"), ("OwnerId", Owner)));
        Assert.Equal(ActionEdge.MissingUserId, noUser.Edge);
        var unauthorized = Planner(Routing(Map(1, EmailSequence)), authProblem: "no authorization").Plan(OwnedBy(1));
        Assert.Equal(ActionEdge.ConfigurationError, unauthorized.Edge);
    }

    [Fact]
    public void A_mapped_sequence_that_is_gone_or_unusable_fails_per_record()
    {
        var gone = new SequenceInfo(99, "Deleted", true, false, "shared", 1, null, true, null, null);
        var planner = Planner(Routing(Map(1, gone), Map(2, PrivateSequence)), catalog: null);
        var missing = planner.Plan(OwnedBy(1));
        Assert.Equal((ActionOutcome.Error, FailureCategory.ResourceNotFound, 99L), (missing.Outcome!.Value, missing.Category, missing.SequenceId!.Value));
        Assert.Contains("not in the sequence catalog", missing.Message);
        var unshared = planner.Plan(OwnedBy(2));
        Assert.Equal((ActionOutcome.Error, FailureCategory.SequenceNotUsable), (unshared.Outcome!.Value, unshared.Category));
        Assert.Contains("not shared", unshared.Message);
        var disabled = Planner(Routing(Map(1, DisabledSequence))).Plan(OwnedBy(1));
        Assert.Equal(FailureCategory.SequenceNotUsable, disabled.Category);
        Assert.Contains("disabled", disabled.Message);
    }

    [Fact]
    public void Options_take_either_one_sequence_or_the_map()
    {
        Assert.Throws<ArgumentException>(() => new Planner(new PlanOptions(Rec.Sequence, Rec.Mapping, MailboxMode.RecordOwner, UserSequences: Routing()), Rec.Catalog()));
        Assert.Throws<ArgumentException>(() => new Planner(new PlanOptions(null, Rec.Mapping, MailboxMode.RecordOwner), Rec.Catalog()));
    }

    [Fact]
    public void The_map_is_a_snapshot_later_store_changes_do_not_reach_a_run()
    {
        using var dir = new TempDirectory();
        var store = new LeanData.Outreach.Store.LDStore(dir.File("store.db"));
        var repository = new UserSequenceMapRepository(store);
        repository.Set(1, EmailSequence.Id, EmailSequence.Name);
        var planner = Planner(new UserSequenceRouting(repository.Load(), [EmailSequence, CallSequence]));
        repository.Set(1, CallSequence.Id, CallSequence.Name);
        repository.Set(2, CallSequence.Id, CallSequence.Name);
        Assert.Equal(21L, planner.Plan(OwnedBy(1)).SequenceId);
        Assert.Equal(FailureCategory.NoUserSequenceMapping, planner.Plan(OwnedBy(2)).Category);
    }
}
