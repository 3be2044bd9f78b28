using System.Text.Json;
using ObjectQL.Drivers;
using ObjectQL.Drivers.Memory;
using ObjectQL.Metadata;
using ObjectQL.Postgres;
using ObjectQL.Querying;
using ObjectQL.Sql.Tests.Model;
using ObjectQL.Sqlite;
using ObjectQL.Testing;
using ObjectQL.Testing.Postgres;

namespace ObjectQL.Sql.Tests;

/// <summary>
/// Typed creates (entities bound straight to the store) and read-free batched updates give exactly what the record path
/// gives: the same stored values, the same returned values, the same errors, nothing written on failure. Run on every
/// store that implements the capabilities.
/// </summary>
[TestFixture("memory")]
[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class TypedWriteTests(string store)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private ObjectQLDatabase _db = null!;
    private CountingDriver _driver = null!;
    private string? _file;
    private string? _schema;

    private IObjectRepository Records => _db.System.Object("reading");

    [SetUp]
    public async Task Open()
    {
        IObjectQLDriver inner;
        switch (store)
        {
            case "memory":
                inner = new MemoryDriver();
                break;
            case "sqlite":
                _file = Path.Combine(Path.GetTempPath(), $"objectql-typed-{Guid.NewGuid():N}.db");
                inner = new SqliteDriver($"Data Source={_file}");
                break;
            default:
                _schema = PostgresCluster.CreateSchema("typed");
                inner = new PostgresDriver(_schema);
                break;
        }
        _driver = new CountingDriver(inner);
        _db = await ObjectQLDatabase.OpenAsync(_driver, AppModel.Objects, new ObjectQLOptions { TimeProvider = new FixedClock(Start) });
    }

    [TearDown]
    public async Task Close()
    {
        await _db.DisposeAsync();
        await _driver.DisposeAsync();
        if (_file is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_file + suffix);
            }
        }
        if (_schema is not null)
        {
            PostgresCluster.DropSchema(_schema);
        }
    }

    private static Reading Sample(string title = "first") => new()
    {
        Title = title,
        Notes = null,
        Level = 3.5,
        Price = 12.50m,
        Active = true,
        Due = new DateOnly(2026, 12, 24),
        // Finer than a microsecond: stored, and returned, truncated to the microsecond.
        OpensAt = new TimeOnly(8, 30, 15).Add(TimeSpan.FromTicks(1234567)),
        TakenAt = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.FromHours(2)).AddTicks(1234567),
        Kind = ReadingKind.B,
        Score = ReadingScore.Value2,
        Tags = ["x", "y"],
        Data = JsonDocument.Parse("{\"a\":[1,2]}").RootElement.Clone(),
        Embedding = [0.5f, -1f],
        Email = "ann@example.com",
    };

    // Reads add the formula 'doubled'; stored images, entities' ToRecord and change events hold stored fields only.
    private static Dictionary<string, object?> WithoutId(Record record) =>
        record.Where(static p => p.Key is not (SystemFields.Id or "doubled")).ToDictionary(static p => p.Key, static p => p.Value is JsonElement e ? Compact(e) : p.Value);

    // JSON as text without the store's whitespace (PostgreSQL's jsonb reformats what it stores).
    private static string Compact(JsonElement element)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            element.WriteTo(writer);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // An entity's record leaves out unset system fields, which a stored record holds as null.
    private static Dictionary<string, object?> WithoutIdAndEmptySystemFields(Record record) =>
        WithoutId(record).Where(static p => p.Value is not null || !SystemFields.IsSystemField(p.Key)).ToDictionary();

    [Test]
    public async Task A_typed_create_stores_and_returns_what_the_record_path_does()
    {
        var input = Sample();
        var typed = await _db.Readings().CreateAsync(input);
        Assert.That(_driver.TypedInserts, Is.EqualTo(1), "the typed path ran");
        var viaRecords = await Records.CreateAsync(Sample().ToRecord());
        var storedTyped = (await Records.FindOneAsync(typed.Id!))!;
        var storedRecords = (await Records.FindOneAsync(viaRecords.Id!))!;
        Assert.Multiple(() =>
        {
            Assert.That(WithoutId(storedTyped), Is.EqualTo(WithoutId(storedRecords)));
            Assert.That(WithoutId(typed.ToRecord()), Is.EqualTo(WithoutIdAndEmptySystemFields(storedTyped)), "the returned entity is the stored one");
            Assert.That(storedTyped["doubled"], Is.EqualTo(typed.Doubled).And.EqualTo(typed.Level * 2), "the formula is computed on both read paths");
            Assert.That(typed.TakenAt!.Value.Ticks % 10, Is.Zero);
            Assert.That(typed.OpensAt!.Value.Ticks % 10, Is.Zero);
            Assert.That(typed.Version, Is.EqualTo(1L));
            Assert.That(typed.CreatedAt, Is.EqualTo(Start));
            Assert.That(input.Id, Is.Null, "the entity passed in is not changed");
            Assert.That(input.CreatedAt, Is.Null);
        });
    }

    [Test]
    public async Task A_json_null_is_stored_as_no_value_as_on_the_record_path()
    {
        var entity = Sample();
        entity.Data = JsonDocument.Parse("null").RootElement.Clone();
        var typed = await _db.Readings().CreateAsync(entity);
        var viaRecords = await Records.CreateAsync(entity.ToRecord());
        Assert.That(typed.Data, Is.Null);
        Assert.That((await Records.FindOneAsync(typed.Id!))!["data"], Is.Null);
        Assert.That((await Records.FindOneAsync(viaRecords.Id!))!["data"], Is.Null);
    }

    [Test]
    public async Task Each_entity_keeps_its_own_instant_in_a_batch()
    {
        var instant = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var instants = new[] { instant, instant.ToOffset(TimeSpan.FromHours(2)), instant.AddSeconds(1), instant, instant.AddTicks(10) };
        var entities = instants.Select((at, i) =>
        {
            var entity = Sample($"at-{i}");
            entity.TakenAt = at;
            return entity;
        });
        var created = await _db.Readings().CreateManyAsync(entities);
        for (var i = 0; i < instants.Length; i++)
        {
            var stored = (await _db.Readings().FindOneAsync(created[i].Id!))!;
            Assert.That(stored.TakenAt, Is.EqualTo(instants[i]), $"entity {i}");
            Assert.That(stored.CreatedAt, Is.EqualTo(Start));
        }
    }

    private static IEnumerable<TestCaseData> BadEntities()
    {
        yield return Case("required text empty", static r => r.Title = "");
        yield return Case("text too long", static r => r.Title = new string('x', 61));
        yield return Case("number above max", static r => r.Level = 11);
        yield return Case("number not finite", static r => r.Level = double.NaN);
        yield return Case("currency with too many decimals", static r => r.Price = 1.234m);
        yield return Case("email without format", static r => r.Email = "nobody");
        yield return Case("vector of the wrong size", static r => r.Embedding = [1f]);
        yield return Case("system field set", static r => r.CreatedAt = Start);
        yield return Case("version set", static r => r.Version = 3);
        yield return Case("malformed id", static r => r.Id = "no spaces allowed");
        yield return Case("several errors at once", static r => { r.Title = ""; r.Level = -1; r.Email = "x"; });

        static TestCaseData Case(string name, Action<Reading> spoil) => new TestCaseData(spoil).SetArgDisplayNames(name);
    }

    [TestCaseSource(nameof(BadEntities))]
    public async Task A_bad_entity_fails_as_on_the_record_path_and_writes_nothing(Action<Reading> spoil)
    {
        var good = Sample("good");
        var bad = Sample("bad");
        spoil(bad);
        var typed = Assert.ThrowsAsync<ObjectQLException>(() => _db.Readings().CreateManyAsync([good, bad]))!;
        var viaRecords = Assert.ThrowsAsync<ObjectQLException>(() => Records.CreateManyAsync([good.ToRecord(), bad.ToRecord()]))!;
        Assert.Multiple(async () =>
        {
            Assert.That(typed.Code, Is.EqualTo(viaRecords.Code));
            Assert.That(typed.Message, Is.EqualTo(viaRecords.Message));
            Assert.That(typed.Details.Select(static d => (d.Field, d.Reason, d.Message)), Is.EqualTo(viaRecords.Details.Select(static d => (d.Field, d.Reason, d.Message))));
            Assert.That(await Records.CountAsync(), Is.Zero);
        });
    }

    [TestCase("nul \0 inside")]
    [TestCase("emoji 🙂 and ünïcødé")]
    [TestCase("quote ' and \" and ; -- DROP TABLE reading")]
    public async Task A_string_the_store_may_refuse_is_handled_as_on_the_record_path(string text)
    {
        var typed = await OutcomeAsync(() => _db.Readings().CreateAsync(Sample(text)));
        var viaRecords = await OutcomeAsync(() => Records.CreateAsync(Sample(text).ToRecord()));
        Assert.That(typed, Is.EqualTo(viaRecords));
        Assert.That(await Records.CountAsync(), Is.EqualTo(typed == "stored" ? 2 : 0));
        if (typed == "stored")
        {
            var stored = await _db.Readings().FindAsync(Reading.Fields.Title.Eq(text));
            Assert.That(stored.Select(static r => r.Title), Is.EqualTo(new[] { text, text }));
        }
    }

    private static async Task<string> OutcomeAsync(Func<Task> write)
    {
        try
        {
            await write();
            return "stored";
        }
        catch (ObjectQLException error)
        {
            return $"{error.Code} {error.Field} {error.Message}";
        }
    }

    [Test]
    public async Task A_read_only_field_is_refused_for_users_as_on_the_record_path()
    {
        var user = _db.ForUser("ann", "member");
        var entity = Sample();
        entity.Locked = "mine";
        var typed = Assert.ThrowsAsync<ObjectQLException>(() => user.Readings().CreateAsync(entity))!;
        var viaRecords = Assert.ThrowsAsync<ObjectQLException>(() => user.Object("reading").CreateAsync(entity.ToRecord()))!;
        Assert.That((typed.Code, typed.Field, typed.Message), Is.EqualTo((viaRecords.Code, viaRecords.Field, viaRecords.Message)));
        Assert.That(typed.Code, Is.EqualTo(ErrorCodes.Forbidden));
        entity.Locked = null;
        var created = await user.Readings().CreateAsync(entity);
        Assert.That(created.CreatedBy, Is.EqualTo("ann"));
    }

    [Test]
    public async Task A_json_null_in_a_read_only_field_sets_nothing_and_is_allowed_as_on_the_record_path()
    {
        var user = _db.ForUser("ann", "member");
        var entity = Sample();
        entity.Frozen = JsonDocument.Parse("null").RootElement.Clone();
        var typed = await user.Readings().CreateAsync(entity);
        var viaRecords = await user.Object("reading").CreateAsync(entity.ToRecord());
        Assert.That(typed.Frozen, Is.Null);
        Assert.That((await Records.FindOneAsync(viaRecords.Id!))!["frozen"], Is.Null);
        entity.Frozen = JsonDocument.Parse("{}").RootElement.Clone();
        var refused = Assert.ThrowsAsync<ObjectQLException>(() => user.Readings().CreateAsync(entity))!;
        Assert.That((refused.Code, refused.Field), Is.EqualTo((ErrorCodes.Forbidden, "frozen")));
    }

    [Test]
    public async Task A_typed_create_emits_one_change_per_entity_with_the_stored_image()
    {
        var changes = new List<ChangeEvent>();
        using var subscription = _db.Changes.Subscribe((change, _) => { changes.Add(change); return ValueTask.CompletedTask; });
        var created = await _db.Readings().CreateManyAsync([Sample("a"), Sample("b")]);
        Assert.That(changes.Select(static c => (c.Operation, c.Id, c.Version)),
            Is.EqualTo(created.Select(static e => (ChangeOperation.Create, e.Id!, 1L))));
        var stored = (await Records.FindOneAsync(created[1].Id!))!;
        Assert.That(WithoutId(changes[1].Data!), Is.EqualTo(WithoutId(stored)));
    }

    [Test]
    public async Task A_create_hook_sends_typed_creates_through_records()
    {
        _db.Hooks.Before(HookOperation.Create, "reading", static (context, _) => { context.Data!["notes"] = "by hook"; return ValueTask.CompletedTask; });
        var created = await _db.Readings().CreateAsync(Sample());
        Assert.That(created.Notes, Is.EqualTo("by hook"));
        Assert.That(_driver.TypedInserts, Is.Zero);
    }

    [Test]
    public async Task A_batched_update_without_readers_of_the_stored_records_does_not_read_them()
    {
        var created = await _db.Readings().CreateManyAsync([Sample("a"), Sample("b")]);
        var reads = _driver.Reads;
        var count = await _db.Readings().UpdateManyAsync([(created[0].Id!, new ReadingPatch { Level = 7 }), (created[1].Id!, new ReadingPatch { Title = "B" })]);
        Assert.That(count, Is.EqualTo(2L));
        Assert.That(_driver.Reads, Is.EqualTo(reads), "no stored record was loaded");
        Assert.That(_driver.IncrementingUpdates, Is.EqualTo(1));
        var stored = await _db.Readings().FindAsync(Reading.Fields.Title.In("a", "B"), Reading.Fields.Title.Asc());
        Assert.That(stored.Select(static r => (r.Title, r.Level, r.Version)), Is.EqualTo(new[] { ("B", (double?)3.5, 2L), ("a", (double?)7, 2L) }));
    }

    [Test]
    public async Task A_read_free_batched_update_refuses_bad_values_and_unknown_ids_and_changes_nothing()
    {
        var created = await _db.Readings().CreateAsync(Sample("a"));
        var invalid = Assert.ThrowsAsync<ObjectQLException>(() => _db.Readings().UpdateManyAsync([(created.Id!, new ReadingPatch { Level = 11 })]))!;
        Assert.That((invalid.Code, invalid.Field), Is.EqualTo((ErrorCodes.ValidationError, "level")));
        var required = Assert.ThrowsAsync<ObjectQLException>(() => _db.Readings().UpdateManyAsync([(created.Id!, new ReadingPatch { Title = "" })]))!;
        Assert.That((required.Code, required.Field, required.Details[0].Reason), Is.EqualTo((ErrorCodes.ValidationError, "title", "required")));
        var missing = Assert.ThrowsAsync<ObjectQLException>(() => _db.Readings().UpdateManyAsync(
            [(created.Id!, new ReadingPatch { Level = 1 }), ("ghost", new ReadingPatch { Level = 1 })]))!;
        Assert.That((missing.Code, missing.Field), Is.EqualTo((ErrorCodes.NotFound, SystemFields.Id)));
        Assert.That(missing.Message, Does.Contain("'ghost'"));
        var stored = (await _db.Readings().FindOneAsync(created.Id!))!;
        Assert.That((stored.Level, stored.Title, stored.Version), Is.EqualTo(((double?)3.5, "a", 1L)));
    }

    [Test]
    public async Task A_read_free_batched_update_reports_the_errors_of_a_loading_update()
    {
        var created = await _db.Readings().CreateAsync(Sample("a"));
        var patch = new Record { ["email"] = "x", ["level"] = 11.0, ["title"] = "", ["price"] = 1.234m };
        var loading = Assert.ThrowsAsync<ObjectQLException>(() => Records.UpdateAsync(created.Id!, patch.Clone()))!;
        var readFree = Assert.ThrowsAsync<ObjectQLException>(() => Records.UpdateManyAsync([new RecordPatch(created.Id!, patch.Clone())]))!;
        Assert.That(_driver.IncrementingUpdates, Is.Zero, "nothing reached the store");
        Assert.That((readFree.Code, readFree.Message), Is.EqualTo((loading.Code, loading.Message)));
        Assert.That(readFree.Details.Select(static d => (d.Field, d.Reason)), Is.EqualTo(loading.Details.Select(static d => (d.Field, d.Reason))));
        Assert.That(readFree.Details.Select(static d => d.Reason), Is.EqualTo(new[] { "required", "format", "max", "scale" }));
    }

    [Test]
    public async Task A_change_handler_makes_batched_updates_load_the_previous_images()
    {
        var created = await _db.Readings().CreateAsync(Sample("a"));
        var changes = new List<ChangeEvent>();
        using var subscription = _db.Changes.Subscribe((change, _) => { changes.Add(change); return ValueTask.CompletedTask; });
        await _db.Readings().UpdateManyAsync([(created.Id!, new ReadingPatch { Level = 9 })]);
        Assert.That(changes, Has.Count.EqualTo(1));
        Assert.That((changes[0].PreviousData!["level"], changes[0].Data!["level"], changes[0].Version), Is.EqualTo(((object)3.5, (object)9.0, 2L)));
        Assert.That(_driver.IncrementingUpdates, Is.Zero);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>A real driver, with counts of the calls that show which write path the pipeline took.</summary>
    private sealed class CountingDriver(IObjectQLDriver inner) : PassThroughDriver(inner)
    {
        public int TypedInserts { get; private set; }

        public int IncrementingUpdates { get; private set; }

        public int Reads { get; private set; }

        public override Task<IReadOnlyList<Record>> FindAsync(ObjectDefinition definition, Query query, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
        {
            Reads++;
            return base.FindAsync(definition, query, transaction, cancellationToken);
        }

        public override Task<Record?> FindOneAsync(ObjectDefinition definition, string id, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
        {
            Reads++;
            return base.FindOneAsync(definition, id, transaction, cancellationToken);
        }

        public override Task InsertAsync<TEntity>(ObjectDefinition definition, IReadOnlyList<TEntity> entities, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
        {
            TypedInserts++;
            return base.InsertAsync(definition, entities, transaction, cancellationToken);
        }

        public override Task<IReadOnlyList<bool>> UpdateIncrementingVersionAsync(
            ObjectDefinition definition, IReadOnlyList<RecordChange> changes, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
        {
            IncrementingUpdates++;
            return base.UpdateIncrementingVersionAsync(definition, changes, transaction, cancellationToken);
        }
    }
}
