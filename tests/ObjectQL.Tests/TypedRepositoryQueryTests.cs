using ObjectQL.Drivers.Memory;
using ObjectQL.Querying;
using ObjectQL.Testing;

namespace ObjectQL.Tests;

public sealed class TypedRepositoryQueryTests
{
    private ObjectQLDatabase _db = null!;
    private Repository<NoteEntity> _notes = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _db = await ObjectQLDatabase.OpenAsync(new MemoryDriver(), TestModels.Conformance);
        _notes = new Repository<NoteEntity>(_db.Object("tck_note"));
        await _notes.CreateManyAsync(
        [
            new NoteEntity { Id = "n1", Title = "red", Body = "one", Rank = 3 },
            new NoteEntity { Id = "n2", Title = "green", Body = "two", Rank = 1 },
            new NoteEntity { Id = "n3", Title = "red", Body = "three", Rank = 1 },
            new NoteEntity { Id = "n4", Title = "blue", Body = "four", Rank = 2 },
            new NoteEntity { Id = "n5", Title = null, Body = "five", Rank = 5 },
        ]);
    }

    [TearDown]
    public async Task TearDownAsync() => await _db.DisposeAsync();

    private enum Colour
    {
        Red,
        Green,
        Blue,
    }

    // A select-style descriptor: enum members stored as lower-case option values, mapped in one direction only.
    private static readonly FieldDescriptor<NoteEntity, Colour> TitleAsColour =
        new("title", static colour => colour.ToString().ToLowerInvariant());

    [Test]
    public async Task Find_sorts_by_every_sort_spec_in_turn()
    {
        var found = await _notes.FindAsync(NoteEntity.Fields.Rank.Lte(3), NoteEntity.Fields.Rank.Asc(), NoteEntity.Fields.Title.Desc());

        var fromList = await _notes.FindAsync(NoteEntity.Fields.Rank.Lte(3), [NoteEntity.Fields.Rank.Asc(), NoteEntity.Fields.Title.Desc()]);

        Assert.That(found.Select(static n => n.Id), Is.EqualTo(new[] { "n3", "n2", "n4", "n1" }));
        Assert.That(fromList.Select(static n => n.Id), Is.EqualTo(found.Select(static n => n.Id)));
    }

    [Test]
    public async Task Find_with_a_projection_loads_only_the_named_fields_and_the_id()
    {
        var found = await _notes.FindAsync(
            NoteEntity.Fields.Title.Eq("red"), [NoteEntity.Fields.Rank.Desc()], limit: 10, fields: [NoteEntity.Fields.Title.Name]);

        Assert.That(found.Select(static n => (n.Id, n.Title)), Is.EqualTo(new[] { ("n1", "red"), ("n3", "red") }));
        Assert.That(found.Select(static n => n.Body), Is.All.Null, "body was not asked for");
        Assert.That(found.Select(static n => n.Rank), Is.All.Null, "rank was not asked for");
    }

    [Test]
    public async Task Find_with_several_sorts_pages_with_limit_and_offset()
    {
        var page = await _notes.FindAsync(null, [NoteEntity.Fields.Rank.Desc(), NoteEntity.Fields.Title.Asc()], limit: 2, offset: 1);

        Assert.That(page.Select(static n => n.Id), Is.EqualTo(new[] { "n1", "n4" }));
    }

    [Test]
    public void Find_with_a_projection_of_an_unknown_field_is_refused_and_names_it()
    {
        var error = Assert.ThrowsAsync<ObjectQLException>(() => _notes.FindAsync(null, [], fields: ["colour"]));

        Assert.That(error!.Field, Is.EqualTo("colour"));
    }

    [Test]
    public async Task Aggregate_groups_and_computes_through_the_typed_repository()
    {
        var rows = await _notes.AggregateAsync(new Query
        {
            Where = NoteEntity.Fields.Title.IsNotNull(),
            GroupBy = ["title"],
            Aggregations =
            [
                new Aggregation(AggregateFunction.Count, null, "n"),
                new Aggregation(AggregateFunction.Sum, "rank", "total"),
                new Aggregation(AggregateFunction.Max, "rank", "top"),
            ],
        });

        Assert.That(rows.Select(static r => $"{r["title"]}:{r["n"]}:{r["total"]}:{r["top"]}"),
            Is.EqualTo(new[] { "blue:1:2:2", "green:1:1:1", "red:2:4:3" }));
    }

    [Test]
    public async Task Aggregate_computes_over_every_record_and_refuses_find_only_options()
    {
        var rows = await _notes.AggregateAsync(new Query { Aggregations = [new Aggregation(AggregateFunction.Avg, "rank", "mean")] });
        var error = Assert.ThrowsAsync<ObjectQLException>(() => _notes.AggregateAsync(new Query { OrderBy = [NoteEntity.Fields.Rank.Asc()] }));

        Assert.That(rows.Single()["mean"], Is.EqualTo(12.0 / 5));
        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
    }

    [Test]
    public async Task Distinct_returns_typed_values_in_sort_order_and_skips_nulls()
    {
        var titles = await _notes.DistinctAsync(NoteEntity.Fields.Title);
        var ranks = await _notes.DistinctAsync(NoteEntity.Fields.Rank, NoteEntity.Fields.Title.In("red", "blue"));

        Assert.That(titles, Is.EqualTo(new[] { "blue", "green", "red" }));
        Assert.That(ranks, Is.EqualTo(new[] { 1.0, 2.0, 3.0 }));
    }

    [Test]
    public async Task Distinct_maps_option_values_back_to_enum_members()
    {
        var colours = await _notes.DistinctAsync(TitleAsColour, NoteEntity.Fields.Rank.Lt(3));

        Assert.That(colours, Is.EqualTo(new[] { Colour.Blue, Colour.Green, Colour.Red }));
    }

    [Test]
    public async Task Distinct_uses_the_descriptor_mapping_back_when_it_has_one()
    {
        var lengths = new FieldDescriptor<NoteEntity, int>("title", static n => new string('x', n), static value => ((string)value).Length);
        var numbers = new FieldDescriptor<NoteEntity, long>("rank");

        Assert.That(await _notes.DistinctAsync(lengths), Is.EqualTo(new[] { 4, 5, 3 }));
        Assert.That(await _notes.DistinctAsync(numbers), Is.EqualTo(new[] { 1L, 2L, 3L, 5L }));
    }

    [Test]
    public async Task Distinct_of_a_value_with_no_enum_member_is_refused_and_names_the_field()
    {
        await _notes.CreateAsync(new NoteEntity { Id = "n6", Title = "purple", Rank = 0 });

        var error = Assert.ThrowsAsync<ObjectQLException>(() => _notes.DistinctAsync(TitleAsColour));

        Assert.That(error!.Field, Is.EqualTo("title"));
        Assert.That(error.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
    }

    [Test]
    public async Task Distinct_as_whole_numbers_refuses_a_stored_fraction_instead_of_rounding_it()
    {
        var numbers = new FieldDescriptor<NoteEntity, long>("rank");
        await _notes.CreateAsync(new NoteEntity { Id = "n6", Title = "half", Rank = 2.5 });

        var error = Assert.ThrowsAsync<ObjectQLException>(() => _notes.DistinctAsync(numbers));

        Assert.That(error!.Field, Is.EqualTo("rank"));
        Assert.That(numbers.FromCanonical(2.0), Is.EqualTo(2L));
        Assert.That(numbers.FromCanonical(12m), Is.EqualTo(12L));
    }
}
