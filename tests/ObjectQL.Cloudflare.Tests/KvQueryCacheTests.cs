using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Testing;

namespace ObjectQL.Cloudflare.Tests;

/// <summary>The KV query cache over D1 in real workerd, through both transports.</summary>
[TestFixture("bridge")]
[TestFixture("http-api")]
public sealed class KvQueryCacheTests(string transport)
{
    private KvQueryCache _cache = null!;
    private ObjectQLDatabase _db = null!;

    private CloudflareOptions Options => transport == "bridge" ? MiniflareSetup.Server.BridgeOptions : MiniflareSetup.Server.HttpApiOptions;

    private IObjectRepository Notes => _db.Object(TestModels.Note.Name);

    [SetUp]
    public async Task OpenAsync()
    {
        await D1Database.ClearAsync();
        _cache = new KvQueryCache(new D1Driver(Options, MiniflareSetup.Http), Options, MiniflareSetup.Http);
        _db = await ObjectQLDatabase.OpenAsync(_cache, TestModels.Conformance);
        // Earlier tests' generations live on in KV: start this object from a fresh one.
        await _cache.InvalidateAsync([TestModels.Note.Name, TestModels.User.Name], CancellationToken.None);
    }

    [TearDown]
    public async Task CloseAsync()
    {
        await _db.DisposeAsync();
        await _cache.DisposeAsync();
        await D1Database.ClearAsync();
    }

    [Test]
    public async Task Synced_and_system_objects_are_never_cached()
    {
        await Notes.CreateAsync(R(("id", "n1"), ("title", "one")));
        foreach (var definition in new[] { NoteAs(sync: true), NoteAs(system: true) })
        {
            var (hits, misses) = (_cache.Hits, _cache.Misses);
            for (var i = 0; i < 2; i++)
            {
                Assert.That((await _cache.FindAsync(definition, Query.All)).Select(r => r.Id), Is.EqualTo(new[] { "n1" }));
                Assert.That((await _cache.FindOneAsync(definition, "n1"))?.Id, Is.EqualTo("n1"));
            }
            Assert.That((_cache.Hits, _cache.Misses), Is.EqualTo((hits, misses)), definition.IsSystem ? "system" : "synced");
        }
    }

    private static ObjectDefinition NoteAs(bool sync = false, bool system = false) => new()
    {
        Name = TestModels.Note.Name,
        Label = TestModels.Note.Label,
        Fields = TestModels.Note.Fields,
        IsSystem = system,
        Sync = sync ? new SyncSettings { Enabled = true } : null,
    };

    [Test]
    public async Task A_repeated_query_is_answered_from_KV_with_the_same_values()
    {
        await Notes.CreateAsync(R(("id", "n1"), ("title", "one"), ("rank", 2.5)));
        var first = await Notes.FindAsync(new Query { Where = new Filter.Comparison("rank", FilterOperator.Gt, 1.0) });
        var hits = _cache.Hits;
        var second = await Notes.FindAsync(new Query { Where = new Filter.Comparison("rank", FilterOperator.Gt, 1.0) });
        Assert.That(_cache.Hits, Is.EqualTo(hits + 1));
        Assert.That(second.Single().Fields.Order(StringComparer.Ordinal), Is.EqualTo(first.Single().Fields.Order(StringComparer.Ordinal)));
        foreach (var field in first.Single().Fields)
        {
            Assert.That(second.Single()[field], Is.EqualTo(first.Single()[field]).And.TypeOf(first.Single()[field]?.GetType() ?? typeof(object)).Or.Null, field);
        }
    }

    [Test]
    public async Task A_write_makes_every_cached_query_of_the_object_unreachable_at_once()
    {
        await Notes.CreateAsync(R(("id", "n1"), ("title", "one")));
        Assert.That(await Notes.CountAsync(), Is.EqualTo(1));
        Assert.That((await Notes.FindOneAsync("n1"))!["title"], Is.EqualTo("one"));
        Assert.That(await Notes.CountAsync(), Is.EqualTo(1));
        await Notes.UpdateAsync("n1", R(("title", "two")));
        await Notes.CreateAsync(R(("id", "n2"), ("title", "other")));
        Assert.That(await Notes.CountAsync(), Is.EqualTo(2), "read-your-writes in this process");
        Assert.That((await Notes.FindOneAsync("n1"))!["title"], Is.EqualTo("two"));
    }

    [Test]
    public async Task Another_instance_sees_the_new_generation_through_KV()
    {
        await Notes.CreateAsync(R(("id", "n1"), ("title", "one")));
        var other = new KvQueryCache(new D1Driver(Options, MiniflareSetup.Http), Options, MiniflareSetup.Http);
        await using var otherDb = await ObjectQLDatabase.OpenAsync(other, TestModels.Conformance);
        Assert.That(await otherDb.Object(TestModels.Note.Name).CountAsync(), Is.EqualTo(1));
        await Notes.CreateAsync(R(("id", "n2"), ("title", "two")));
        // Miniflare's KV is strongly consistent; production KV may take up to about 60 s elsewhere (documented).
        Assert.That(await otherDb.Object(TestModels.Note.Name).CountAsync(), Is.EqualTo(2));
    }

    [Test]
    public async Task A_transaction_invalidates_on_commit_and_reads_inside_it_bypass_the_cache()
    {
        await Notes.CreateAsync(R(("id", "n1"), ("title", "one")));
        Assert.That(await Notes.CountAsync(), Is.EqualTo(1));
        await _db.TransactionAsync(async (session, ct) =>
        {
            await session.Object(TestModels.Note.Name).CreateAsync(R(("id", "n2"), ("title", "two")), ct);
            // Outside the transaction, before the commit: still the committed answer.
            Assert.That(await Notes.CountAsync(cancellationToken: ct), Is.EqualTo(1));
        });
        Assert.That(await Notes.CountAsync(), Is.EqualTo(2));
    }

    [Test]
    public async Task Different_permission_filters_are_different_keys()
    {
        await Notes.CreateManyAsync([R(("id", "n1"), ("title", "mine"), ("body", "alice")), R(("id", "n2"), ("title", "theirs"), ("body", "bob"))]);
        // What a record rule lowers into the query: each caller's filter is part of the key.
        var alice = await Notes.FindAsync(new Query { Where = new Filter.Comparison("body", FilterOperator.Eq, "alice") });
        var bob = await Notes.FindAsync(new Query { Where = new Filter.Comparison("body", FilterOperator.Eq, "bob") });
        Assert.That(alice.Select(static r => r.Id), Is.EqualTo(new[] { "n1" }));
        Assert.That(bob.Select(static r => r.Id), Is.EqualTo(new[] { "n2" }));
    }

    [Test]
    public async Task Every_capability_of_the_driver_underneath_is_forwarded()
    {
        await using var inner = new D1Driver(Options, MiniflareSetup.Http);
        Assert.That(DriverCapabilities.TransactionModelOf(_cache), Is.EqualTo(TransactionModel.Batched));
        Assert.That(DriverCapabilities.Has<ISequenceDriver>(_cache), Is.EqualTo(DriverCapabilities.Has<ISequenceDriver>(inner)));
        Assert.That(DriverCapabilities.Has<ITypedReadDriver>(_cache), Is.EqualTo(DriverCapabilities.Has<ITypedReadDriver>(inner)));
        Assert.That(DriverCapabilities.Has<ITypedWriteDriver>(_cache), Is.EqualTo(DriverCapabilities.Has<ITypedWriteDriver>(inner)));
        Assert.That(DriverCapabilities.Has<IVersionIncrementingDriver>(_cache), Is.EqualTo(DriverCapabilities.Has<IVersionIncrementingDriver>(inner)));
        Assert.That(DriverCapabilities.Has<ISequenceDriver>(_cache), Is.True);
    }

    private static Record R(params (string Field, object? Value)[] fields)
    {
        var record = new Record(fields.Length);
        foreach (var (field, value) in fields)
        {
            record[field] = value;
        }
        return record;
    }
}

/// <summary>The whole conformance kit through the KV query cache over D1: the cache must not change a single answer.</summary>
[TestFixture]
public sealed class KvQueryCacheConformanceTests : DriverConformanceTests
{
    protected override async Task<IObjectQLDriver> CreateDriverAsync()
    {
        await D1Database.ClearAsync();
        var cache = (KvQueryCache)await OpenSameStoreAsync();
        await cache.InvalidateAsync(TestModels.Conformance.Objects.Select(static o => o.Name), CancellationToken.None);
        return cache;
    }

    protected override Task<IObjectQLDriver> OpenSameStoreAsync()
    {
        var options = MiniflareSetup.Server.BridgeOptions;
        return Task.FromResult<IObjectQLDriver>(new KvQueryCache(new D1Driver(options, MiniflareSetup.Http), options, MiniflareSetup.Http));
    }

    protected override Task TearDownDriverAsync() => D1Database.ClearAsync();

    protected override int? StatementByteLimit => 100_000;
}
