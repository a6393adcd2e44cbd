using LeanData.Outreach.Errors;
using LeanData.Outreach.Routing;
using LeanData.Outreach.Store;
using Xunit;
using LeanData.Outreach.Engine.Planning;

namespace LeanData.Outreach.Tests.Routing;

public sealed class UserSequenceMapTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly LDStore store;
    private readonly UserSequenceMapRepository repository;

    public UserSequenceMapTests()
    {
        store = new LDStore(temp.File("store.db"));
        repository = new UserSequenceMapRepository(store);
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Set_stores_one_primary_sequence_per_user_and_replaces_it()
    {
        repository.Set(2, 1, "Shared Email", "Ben Sender", "ben@demo.example");
        repository.Set(3, 1, "Shared Email");
        var replaced = repository.Set(2, 5, "Exclusive B");

        Assert.Equal((2L, 5L, "Exclusive B"), (replaced.UserId, replaced.SequenceId, replaced.SequenceName));
        Assert.Equal([(2L, 5L), (3L, 1L)], repository.List().Select(m => (m.UserId, m.SequenceId)));
        Assert.Equal(5, repository.FindSequenceFor(2)!.SequenceId);
        Assert.Null(repository.FindSequenceFor(4));
        Assert.Equal([3L], repository.List(sequenceIds: [1]).Select(m => m.UserId));
        Assert.Equal([2L], repository.List(userIds: [2, 99]).Select(m => m.UserId));
    }

    [Fact]
    public void The_snapshot_answers_the_planner_without_the_store()
    {
        repository.Set(2, 1);
        repository.Set(6, 4, "Exclusive A");
        var map = repository.Load();
        repository.Remove(2);

        Assert.Equal(2, map.Count);
        Assert.Equal(1, map.FindSequenceFor(2)!.SequenceId);
        Assert.Equal("Exclusive A", map.FindSequenceFor(6)!.SequenceName);
        Assert.Null(map.FindSequenceFor(3));
        Assert.Null(repository.FindSequenceFor(2));
    }

    [Fact]
    public void Remove_reports_whether_there_was_a_mapping()
    {
        repository.Set(2, 1);
        Assert.True(repository.Remove(2));
        Assert.False(repository.Remove(2));
        Assert.Empty(repository.List());
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(2, -1)]
    public void Ids_must_be_positive(long user, long sequence) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => repository.Set(user, sequence));

    [Fact]
    public void Without_a_catalog_cache_ids_pass_and_names_are_refused()
    {
        var resolver = new CatalogResolver(new CatalogRepository(store));
        Assert.Equal(42, resolver.ResolveUser(MapReference.Parse("42")).Id);
        Assert.Equal(7, resolver.ResolveSequence(MapReference.FromId(7)).Id);
        var ex = Assert.Throws<CatalogResolutionException>(() => resolver.ResolveSequence(MapReference.Parse("Inbound")));
        Assert.Equal(ErrorCatalog.SequenceNotFound.Id, ex.ErrorId);
        Assert.Equal(ErrorCatalog.InvalidOutreachId.Id, Assert.Throws<CatalogResolutionException>(() => resolver.ResolveUser(MapReference.FromId(0))).ErrorId);
    }

    [Fact]
    public void With_a_catalog_cache_users_and_sequences_are_checked()
    {
        SeedCatalog();
        var resolver = new CatalogResolver(new CatalogRepository(store));

        Assert.Equal((2L, "Ben Sender", "ben@demo.example"), resolver.ResolveUser(MapReference.Parse("BEN@demo.example")));
        Assert.Equal((2L, "Ben Sender", "ben@demo.example"), resolver.ResolveUser(MapReference.FromId(2)));
        Assert.Equal((1L, "Shared Email"), resolver.ResolveSequence(MapReference.Parse("shared email")));
        Assert.Equal((1L, "Shared Email"), resolver.ResolveSequence(MapReference.FromId(1)));

        Assert.Equal(ErrorCatalog.UserNotFound.Id, Assert.Throws<CatalogResolutionException>(() => resolver.ResolveUser(MapReference.FromId(99))).ErrorId);
        Assert.Equal(ErrorCatalog.UserAmbiguous.Id, Assert.Throws<CatalogResolutionException>(() => resolver.ResolveUser(MapReference.Parse("Twin"))).ErrorId);
        Assert.Equal(ErrorCatalog.SequenceNotFound.Id, Assert.Throws<CatalogResolutionException>(() => resolver.ResolveSequence(MapReference.FromId(99))).ErrorId);
        Assert.Equal(ErrorCatalog.SequenceAmbiguous.Id, Assert.Throws<CatalogResolutionException>(() => resolver.ResolveSequence(MapReference.Parse("Twins"))).ErrorId);
        var notUsable = Assert.Throws<CatalogResolutionException>(() => resolver.ResolveSequence(MapReference.Parse("Private")));
        Assert.Equal((nameof(FailureCategory.SequenceNotUsable), FailureCategory.SequenceNotUsable), (notUsable.ErrorId, notUsable.Category));
        Assert.Equal(ErrorCatalog.Get(FailureCategory.SequenceNotUsable).RecommendedAction, notUsable.RecommendedAction);
        Assert.Equal(3, resolver.ResolveSequence(MapReference.Parse("Private"), requireUsable: false).Id);
    }

    [Fact]
    public void The_map_survives_reopening_the_store_and_the_schema_has_the_table()
    {
        repository.Set(2, 1, "Shared Email");
        var reopened = new UserSequenceMapRepository(new LDStore(store.Path));
        Assert.Equal(1, reopened.FindSequenceFor(2)!.SequenceId);
        Assert.Equal(LDStore.SchemaVersion, store.ReadVersion());
    }

    private void SeedCatalog()
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO catalog_sequences(id, name, enabled, locked, share_type, has_email_step, refreshed_ms) VALUES
                (1, 'Shared Email', 1, 0, 'shared', 1, 0), (3, 'Private', 1, 0, 'private', 1, 0),
                (10, 'Twins', 1, 0, 'shared', 0, 0), (11, 'Twins', 1, 0, 'shared', 0, 0);
            INSERT INTO catalog_users(id, name, email, locked, default_mailbox_id, refreshed_ms) VALUES
                (2, 'Ben Sender', 'ben@demo.example', 0, 2, 0), (7, 'Twin', 'a@demo.example', 0, 7, 0), (8, 'Twin', 'b@demo.example', 0, 8, 0);
            """;
        command.ExecuteNonQuery();
    }
}
