using LeanData.Outreach.Catalog;
using LeanData.Outreach.Engine.Records;
using LeanData.Outreach.Store;
using Xunit;

namespace LeanData.Outreach.Tests.Catalog;

public sealed class CatalogRepositoryTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory temp = new();
    private readonly ManualClock clock = new(T0);
    private readonly CatalogRepository repository;

    public CatalogRepositoryTests() => repository = new CatalogRepository(new LDStore(temp.File("catalog.db")), clock);

    public void Dispose() => temp.Dispose();

    private static SequenceInfo Sequence(long id, string name, string share = "shared") =>
        new(id, name, true, false, share, 1, 7, true, "disallow", "none");

    [Fact]
    public void Snapshot_round_trips_and_name_lookup_ignores_case()
    {
        repository.ReplaceSnapshot(new CatalogContents(
            [Sequence(1, "Inbound Follow-up"), Sequence(2, "Private Draft", "private")],
            [new OutreachUserInfo(10, "Ada Admin", "ada@example.com", false, 100)],
            [new MailboxInfo(100, 10, "ada@example.com", true, true), new MailboxInfo(101, 10, "ada2@example.com", false, true)],
            T0));

        Assert.Equal([1L, 2L], repository.GetSequences().OrderBy(s => s.Id).Select(s => s.Id));
        var found = Assert.Single(repository.FindSequencesByName("inbound FOLLOW-UP"));
        Assert.Equal(Sequence(1, "Inbound Follow-up"), found);
        Assert.Equal("private", repository.GetSequence(2)!.ShareType);
        Assert.False(repository.GetSequence(2)!.Usable);
        Assert.Null(repository.GetSequence(3));
        Assert.Equal("ada@example.com", repository.GetUser(10)!.Email);
        Assert.Equal(100, repository.GetDefaultMailbox(10)!.Id);
        Assert.Equal(2, repository.GetMailboxesForUser(10).Count);
        Assert.Equal(T0, repository.GetRefreshedAt(CatalogKinds.All));
    }

    [Fact]
    public void Replacing_one_kind_leaves_the_others_and_drops_vanished_rows()
    {
        repository.ReplaceSnapshot(new CatalogContents([Sequence(1, "A"), Sequence(2, "B")], [new OutreachUserInfo(10, "U", null, false, null)], [], T0));
        clock.Advance(TimeSpan.FromMinutes(5));
        repository.ReplaceSnapshot(new CatalogContents([Sequence(2, "B renamed")], null, null, clock.GetUtcNow()));

        Assert.Equal("B renamed", Assert.Single(repository.GetSequences()).Name);
        Assert.Single(repository.GetUsers());
        Assert.Equal(T0.AddMinutes(5), repository.GetRefreshedAt(CatalogRepository.SequencesCatalog));
        Assert.Equal(T0, repository.GetRefreshedAt(CatalogRepository.UsersCatalog));
    }

    [Fact]
    public void Default_mailbox_falls_back_to_a_usable_mailbox_of_the_user()
    {
        repository.ReplaceSnapshot(new CatalogContents(null,
            [new OutreachUserInfo(10, "U", null, false, null)],
            [new MailboxInfo(200, 10, "a@x", false, true), new MailboxInfo(201, 10, "b@x", true, true)], T0));
        Assert.Equal(201, repository.GetDefaultMailbox(10)!.Id);
        Assert.Null(repository.GetDefaultMailbox(11));
    }

    [Fact]
    public void Staleness_follows_the_max_age_and_a_never_refreshed_catalog_is_stale()
    {
        Assert.True(repository.IsStale(CatalogKinds.Sequences, TimeSpan.FromHours(1)));
        repository.ReplaceSnapshot(new CatalogContents([], null, null, T0));
        Assert.False(repository.IsStale(CatalogKinds.Sequences, TimeSpan.FromHours(1)));
        Assert.True(repository.IsStale(CatalogKinds.All, TimeSpan.FromHours(1)), "users were never refreshed");
        clock.Advance(TimeSpan.FromMinutes(61));
        Assert.True(repository.IsStale(CatalogKinds.Sequences, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Salesforce_user_lookup_accepts_15_and_18_character_ids_and_ignores_case_on_the_18_character_form()
    {
        const string id15 = "005Dn000001AbCd";
        var id18 = SalesforceId.To18(id15);
        Assert.Equal(18, id18.Length);
        Assert.Equal(1, repository.UpsertSalesforceUsers([new SalesforceUserLink(id15, 42, "Sam Seller", T0)]));

        Assert.Equal(42, repository.FindOutreachUserId(id15));
        Assert.Equal(42, repository.FindOutreachUserId(id18));
        Assert.Equal(42, repository.FindOutreachUserId(id18.ToLowerInvariant()));
        Assert.Equal(42, repository.FindOutreachUserId(id18.ToUpperInvariant()));
        // A 15-character id differing only in case is another user.
        Assert.Null(repository.FindOutreachUserId("005DN000001ABCD"));
        Assert.Null(repository.FindOutreachUserId("not-an-id"));

        repository.UpsertSalesforceUsers([new SalesforceUserLink(id18.ToLowerInvariant(), 43, null, T0)]);
        var link = Assert.Single(repository.GetSalesforceUsers());
        Assert.Equal(43, link.OutreachUserId);
        Assert.Equal("Sam Seller", link.Name);
        Assert.Equal(id18, link.SalesforceUserId);
    }
}
