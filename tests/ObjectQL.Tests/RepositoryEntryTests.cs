using ObjectQL.Drivers.Memory;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Testing;

namespace ObjectQL.Tests;

public sealed class RepositoryEntryTests
{
    [Test]
    public async Task A_typed_repository_over_another_repository_goes_through_its_records()
    {
        await using var db = await ObjectQLDatabase.OpenAsync(new MemoryDriver(), new ObjectModel([TestModels.Note]));
        var counting = new CountingRepository(db.Object("tck_note"));
        var notes = new Repository<NoteEntity>(counting);

        var created = await notes.CreateManyAsync([new NoteEntity { Id = "n1", Title = "one" }, new NoteEntity { Id = "n2", Title = "two" }]);
        await notes.UpdateManyAsync([("n2", (IPatch<NoteEntity>)new NotePatch { Title = "second" })]);
        var found = await notes.FindAsync(NoteEntity.Fields.Id.Eq("n2"));
        var one = await notes.FindOneAsync("n1");

        Assert.That(created.Select(static n => n.Version), Is.EqualTo(new[] { 1L, 1L }));
        Assert.That(found.Single().Title, Is.EqualTo("second"));
        Assert.That(one?.Title, Is.EqualTo("one"));
        Assert.That(counting.Calls, Is.EqualTo(new[] { "CreateMany", "UpdateMany", "Find", "FindOne" }), "every call reached the wrapped repository");
    }

    // A decorator the pipeline knows nothing about: it forwards every call and notes which.
    private sealed class CountingRepository(IObjectRepository inner) : IObjectRepository
    {
        public List<string> Calls { get; } = [];

        public ObjectDefinition Definition => inner.Definition;

        public Task<IReadOnlyList<Record>> FindAsync(Query query, CancellationToken cancellationToken = default) => Note("Find", inner.FindAsync(query, cancellationToken));

        public Task<Record?> FindOneAsync(string id, CancellationToken cancellationToken = default) => Note("FindOne", inner.FindOneAsync(id, cancellationToken));

        public Task<long> CountAsync(Filter? where = null, CancellationToken cancellationToken = default) => inner.CountAsync(where, cancellationToken);

        public Task<Record> CreateAsync(Record data, CancellationToken cancellationToken = default) => Note("Create", inner.CreateAsync(data, cancellationToken));

        public Task<IReadOnlyList<Record>> CreateManyAsync(IReadOnlyList<Record> data, CancellationToken cancellationToken = default) =>
            Note("CreateMany", inner.CreateManyAsync(data, cancellationToken));

        public Task<Record> UpdateAsync(string id, Record patch, CancellationToken cancellationToken = default) => inner.UpdateAsync(id, patch, cancellationToken);

        public Task<long> UpdateManyAsync(Filter? where, Record patch, CancellationToken cancellationToken = default) => inner.UpdateManyAsync(where, patch, cancellationToken);

        public Task<long> UpdateManyAsync(IReadOnlyList<RecordPatch> patches, CancellationToken cancellationToken = default) =>
            Note("UpdateMany", inner.UpdateManyAsync(patches, cancellationToken));

        public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) => inner.DeleteAsync(id, cancellationToken);

        public Task<long> DeleteManyAsync(Filter? where, CancellationToken cancellationToken = default) => inner.DeleteManyAsync(where, cancellationToken);

        public Task<long> DeleteByIdsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default) => inner.DeleteByIdsAsync(ids, cancellationToken);

        public Task<IReadOnlyList<Record>> AggregateAsync(Query query, CancellationToken cancellationToken = default) => inner.AggregateAsync(query, cancellationToken);

        public Task<IReadOnlyList<object>> DistinctAsync(string field, Filter? where = null, CancellationToken cancellationToken = default) =>
            inner.DistinctAsync(field, where, cancellationToken);

        private TResult Note<TResult>(string call, TResult result)
        {
            Calls.Add(call);
            return result;
        }
    }
}
