using System.Text;
using System.Text.Json;
using ObjectQL.Entities.Generated;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Sql.Tests.Model;

namespace ObjectQL.Sql.Tests;

/// <summary>
/// The generated repository's typed reads (entities filled straight from the rows) against the record reads on the
/// same store: the same entities, field for field and type for type, and the fallbacks where records are needed.
/// </summary>
public abstract class TypedReadTests
{
    private static readonly JsonElement Photo = Json("""{"url":"https://example.com/a.png","size":12}""");
    private static readonly JsonElement Extra = Json("""[1,"two",{"three":3.5},null,true]""");

    private string _store = null!;
    private CountingDriver _driver = null!;
    private ObjectQLDatabase _db = null!;

    protected abstract string CreateStore();

    protected abstract void DropStore(string store);

    protected abstract SqlDriver Open(string store);

    [SetUp]
    public async Task OpenDatabase()
    {
        _store = CreateStore();
        _driver = new CountingDriver(Open(_store));
        _db = await ObjectQLDatabase.OpenAsync(_driver, AppModel.Objects);
        await _db.System.TypedSamples().CreateManyAsync(
        [
            // Its owner lookup names itself: a reference must name a stored record, and one of the same batch counts.
            new TypedSample
            {
                Id = "x", Title = "full ünïcödé 😀 'q'", Notes = "line1\nline2", Status = TypedSampleStatus.Closed, Rank = TypedSampleRank.Value2,
                Due = new DateOnly(2026, 2, 28), At = new DateTimeOffset(2026, 3, 1, 9, 30, 15, 123, TimeSpan.FromHours(2)).AddTicks(4560),
                Alarm = new TimeOnly(8, 15, 30, 250), Amount = 2.5, Price = 1234.5678m, Ratio = 0.125, Done = true, Flag = true,
                Email = "a@example.com", Owner = "x", Photo = Photo, Spot = Json("""{"lat":1.5,"lng":-2}"""), Extra = Extra,
                Embedding = [0.5f, -1.25f, 3f], Tags = ["a", "b,c", ""], Scores = [1, 2.5, -3], Days = [new DateOnly(2026, 1, 1), new DateOnly(2025, 12, 31)],
                Labels = [TypedSampleLabels.Green, TypedSampleLabels.Red], Priority = 7,
            },
            new TypedSample { Title = "nulls", Priority = null, Flag = false },
            new TypedSample { Title = "empty lists", Tags = [], Scores = [], Days = [], Labels = [], Amount = -0.0, Price = 0m, Done = false, Flag = true },
            new TypedSample { Title = "small", Amount = 1e-300, Price = -0.0001m, Due = new DateOnly(1, 1, 1), Alarm = TimeOnly.MaxValue, At = DateTimeOffset.UnixEpoch },
        ]);
    }

    [TearDown]
    public async Task CloseDatabase()
    {
        await _db.DisposeAsync();
        await _driver.DisposeAsync();
        DropStore(_store);
    }

    [Test]
    public async Task Find_fills_every_field_type_exactly_as_the_record_path()
    {
        var query = new Query { OrderBy = [TypedSample.Fields.Title.Asc()] };
        var (typed, records) = await BothWaysAsync(query);
        Assert.That(typed.Select(Snapshot), Is.EqualTo(records.Select(Snapshot)));
        Assert.That(_driver.TypedReads, Is.EqualTo(1), "the generated repository read through the typed path");
        var full = typed.Single(t => t.Title.StartsWith("full", StringComparison.Ordinal));
        Assert.That((full.Price, full.Due, full.Alarm, full.Rank, full.Done), Is.EqualTo(((decimal?)1234.5678m, (DateOnly?)new DateOnly(2026, 2, 28), (TimeOnly?)new TimeOnly(8, 15, 30, 250), (TypedSampleRank?)TypedSampleRank.Value2, (bool?)true)));
        Assert.That(full.At!.Value.UtcTicks, Is.EqualTo(new DateTimeOffset(2026, 3, 1, 7, 30, 15, 123, TimeSpan.Zero).AddTicks(4560).UtcTicks));
        Assert.That(full.Embedding, Is.EqualTo(new[] { 0.5f, -1.25f, 3f }));
        Assert.That(full.Labels, Is.EqualTo(new[] { TypedSampleLabels.Green, TypedSampleLabels.Red }));
        Assert.That(JsonElement.DeepEquals(full.Extra!.Value, Extra), Is.True, full.Extra.Value.GetRawText());
        // code is an auto_number: the first record of the seeding createMany got the counter's first number.
        Assert.That((full.Version, full.CreatedAt.HasValue, full.Code), Is.EqualTo((1L, true, (string?)"TS-1")), "the auto_number carries its prefix");
    }

    [Test]
    public async Task Stored_nulls_replace_property_defaults_as_on_the_record_path()
    {
        var nulls = (await _db.System.TypedSamples().FindAsync(TypedSample.Fields.Title.Eq("nulls")))[0];
        Assert.That((nulls.Priority, nulls.Amount, nulls.Status, nulls.Tags, nulls.Photo, nulls.Embedding), Is.EqualTo(((double?)null, (double?)null, (TypedSampleStatus?)null, (IReadOnlyList<string>?)null, (JsonElement?)null, (float[]?)null)));
        Assert.That(new TypedSample().Priority, Is.EqualTo(3), "the property default the stored null overrides");
        var viaRecord = TypedSample.FromRecord((await _db.System.Object("typed_sample").FindAsync(new Query { Where = TypedSample.Fields.Title.Eq("nulls") }))[0]);
        Assert.That(Snapshot(nulls), Is.EqualTo(Snapshot(viaRecord)));
    }

    [Test]
    public async Task Filter_sort_and_paging_give_the_same_entities_in_the_same_order()
    {
        var query = new Query
        {
            Where = Filter.Or.Of(TypedSample.Fields.Amount.Gte(-1), TypedSample.Fields.Amount.IsNull()),
            OrderBy = [TypedSample.Fields.Amount.Desc(), TypedSample.Fields.Title.Asc()],
            Limit = 3,
            Offset = 1,
        };
        var (typed, records) = await BothWaysAsync(query);
        Assert.That(typed, Has.Count.EqualTo(3));
        Assert.That(typed.Select(Snapshot), Is.EqualTo(records.Select(Snapshot)));
    }

    [Test]
    public async Task A_projection_loads_only_its_fields_and_keeps_the_other_defaults()
    {
        var typed = await _db.System.TypedSamples().FindAsync(null, [TypedSample.Fields.Title.Asc()], fields: ["title", "price", "labels"]);
        var records = await _db.System.Object("typed_sample").FindAsync(new Query { OrderBy = [TypedSample.Fields.Title.Asc()], Fields = ["id", "title", "price", "labels"] });
        Assert.That(typed.Select(Snapshot), Is.EqualTo(records.Select(TypedSample.FromRecord).Select(Snapshot)));
        var full = typed.Single(t => t.Title.StartsWith("full", StringComparison.Ordinal));
        Assert.That((full.Price, full.Priority, full.Amount, full.Version, full.Id is null), Is.EqualTo(((decimal?)1234.5678m, (double?)3, (double?)null, 0L, false)));
        Assert.That(_driver.TypedReads, Is.EqualTo(1));
    }

    [Test]
    public async Task FindOne_reads_the_same_entity_and_null_for_a_missing_id()
    {
        var repository = _db.System.TypedSamples();
        foreach (var record in await _db.System.Object("typed_sample").FindAsync(Query.All))
        {
            var typed = await repository.FindOneAsync(record.Id!);
            Assert.That(Snapshot(typed!), Is.EqualTo(Snapshot(TypedSample.FromRecord(record))));
        }
        Assert.That(await repository.FindOneAsync("no-such-id"), Is.Null);
        Assert.That(_driver.TypedReads, Is.EqualTo(5));
    }

    [Test]
    public async Task Typed_reads_join_the_session_transaction()
    {
        var seen = await _db.System.TransactionAsync(async (session, ct) =>
        {
            var created = await session.TypedSamples().CreateAsync(new TypedSample { Title = "uncommitted", Flag = true }, ct);
            return (await session.TypedSamples().FindOneAsync(created.Id!, ct))?.Title;
        });
        Assert.That(seen, Is.EqualTo("uncommitted"));
        Assert.That(_driver.TypedReads, Is.EqualTo(1));
    }

    [Test]
    public async Task A_before_find_hook_still_rewrites_the_query_on_the_typed_path()
    {
        var nullsId = (await _db.System.TypedSamples().FindAsync(TypedSample.Fields.Title.Eq("nulls")))[0].Id!;
        using var hook = _db.Hooks.Before(HookOperation.Find, "typed_sample", (context, _) =>
        {
            var small = TypedSample.Fields.Title.Eq("small");
            context.Query = context.Query! with { Where = context.Query.Where is { } where ? Filter.And.Of(where, small) : small };
            return ValueTask.CompletedTask;
        });
        var typed = await _db.System.TypedSamples().FindAsync(Query.All);
        Assert.That(typed.Select(t => t.Title), Is.EqualTo(new[] { "small" }));
        Assert.That(await _db.System.TypedSamples().FindOneAsync(nullsId), Is.Null, "the hook narrows FindOne too");
        Assert.That(_driver.TypedReads, Is.EqualTo(3));
        Assert.That(_driver.RecordReads, Is.Zero);
    }

    [Test]
    public async Task An_after_find_hook_makes_reads_go_through_records()
    {
        using var hook = _db.Hooks.After(HookOperation.Find, "typed_sample", (context, _) =>
        {
            context.Result = ((IReadOnlyList<Record>)context.Result!).Where(r => (string?)r["title"] != "nulls").ToArray();
            return ValueTask.CompletedTask;
        });
        var typed = await _db.System.TypedSamples().FindAsync(null, [TypedSample.Fields.Title.Asc()]);
        Assert.That(typed.Select(t => t.Title), Does.Not.Contain("nulls").And.Contain("small"));
        Assert.That((_driver.TypedReads, _driver.RecordReads), Is.EqualTo((0, 1)));
    }

    [Test]
    public async Task A_user_who_may_not_read_a_field_gets_masked_entities_through_records()
    {
        await _db.System.TypedNotes().CreateManyAsync(
        [
            new TypedNote { Title = "mine", Owner = "u1", Secret = 42 },
            new TypedNote { Title = "theirs", Owner = "u2", Secret = 7 },
        ]);
        var member = await _db.ForUser("u1", "member").TypedNotes().FindAsync(null, [TypedNote.Fields.Title.Asc()]);
        Assert.That(member.Select(n => (n.Title, n.Secret)), Is.EqualTo(new[] { ("mine", (double?)null) }));
        Assert.That((_driver.TypedReads, _driver.RecordReads), Is.EqualTo((0, 1)), "masking needs records");
    }

    [Test]
    public async Task Record_rules_still_restrict_a_user_on_the_typed_path()
    {
        var created = await _db.System.TypedNotes().CreateManyAsync(
        [
            new TypedNote { Title = "mine", Owner = "u1", Secret = 42 },
            new TypedNote { Title = "theirs", Owner = "u2", Secret = 7 },
        ]);
        var admin = _db.ForUser("u1", "admin").TypedNotes();
        var notes = await admin.FindAsync(null, [TypedNote.Fields.Title.Asc()]);
        Assert.That(notes.Select(n => (n.Title, n.Secret)), Is.EqualTo(new[] { ("mine", (double?)42) }));
        Assert.That(_driver.TypedReads, Is.EqualTo(1), "an admin may read every field, so nothing is masked");
        Assert.That(await admin.FindOneAsync(created[1].Id!), Is.Null, "another owner's note stays hidden");
        Assert.That((await admin.FindOneAsync(created[0].Id!))!.Secret, Is.EqualTo(42));
    }

    private async Task<(IReadOnlyList<TypedSample> Typed, IReadOnlyList<TypedSample> Records)> BothWaysAsync(Query query)
    {
        var typed = await _db.System.TypedSamples().FindAsync(query);
        var records = await _db.System.Object("typed_sample").FindAsync(query);
        return (typed, records.Select(TypedSample.FromRecord).ToArray());
    }

    // Every field with the .NET type of its value and its JSON form, so a double read as a decimal differs.
    private static string Snapshot(IEntity entity)
    {
        var text = new StringBuilder();
        var definition = entity is TypedNote ? TypedNote.Definition : TypedSample.Definition;
        foreach (var name in SystemFields.All.Concat(definition.Fields.Select(f => f.Name)))
        {
            entity.TryGetField(name, out var value);
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                EntityJson.WriteValue(writer, value);
            }
            text.Append(name).Append(':').Append(Describe(value)).Append('=').Append(Encoding.UTF8.GetString(buffer.WrittenSpan)).Append('\n');
        }
        return text.ToString();
    }

    private static string Describe(object? value) => value switch
    {
        null => "null",
        System.Collections.IEnumerable and not string => value.GetType().Name + "<" + string.Join(",", ((System.Collections.IEnumerable)value).Cast<object?>().Select(v => v?.GetType().Name)) + ">",
        _ => value.GetType().Name,
    };

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}

[TestFixture]
public sealed class SqliteTypedReadTests : TypedReadTests
{
    protected override string CreateStore() => Path.Combine(Path.GetTempPath(), $"objectql-typed-{Guid.NewGuid():N}.db");

    protected override void DropStore(string store)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(store + suffix);
        }
    }

    protected override SqlDriver Open(string store) => new Sqlite.SqliteDriver($"Data Source={store}");
}

[TestFixture]
public sealed class PostgresTypedReadTests : TypedReadTests
{
    protected override string CreateStore() => Testing.Postgres.PostgresCluster.CreateDatabase("typedreads");

    protected override void DropStore(string store) => Testing.Postgres.PostgresCluster.DropDatabase(store);

    protected override SqlDriver Open(string store) => new Postgres.PostgresDriver(store);
}
