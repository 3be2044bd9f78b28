using NUnit.Framework;
using ObjectQL.Drivers;
using ObjectQL.Querying;

namespace ObjectQL.Testing;

public abstract partial class DriverConformanceTests
{
    // The relations model opens over the kit's driver (see OpenNumberedAsync for why it is not disposed here).
    private Task<ObjectQLDatabase> OpenRelationsAsync(IObjectQLDriver? driver = null) =>
        ObjectQLDatabase.OpenAsync(driver ?? Driver, TestModels.Relations, CreateOptions());

    // acme and globex, each with a person, a project of two tasks and (acme only) nothing else.
    private static async Task SeedCompaniesAsync(ObjectQLDatabase db)
    {
        await db.Object("rel_company").CreateManyAsync([R(("id", "acme"), ("name", "Acme")), R(("id", "globex"), ("name", "Globex"))]);
        await db.Object("rel_person").CreateManyAsync(
        [
            R(("id", "ann"), ("name", "Ann"), ("company", "acme")),
            R(("id", "bob"), ("name", "Bob"), ("company", "globex"), ("mentor", "ann")),
        ]);
        await db.Object("rel_project").CreateManyAsync([R(("id", "p1"), ("name", "Rocket"), ("company", "acme")), R(("id", "p2"), ("name", "Dam"), ("company", "globex"))]);
        await db.Object("rel_task").CreateManyAsync(
        [
            R(("id", "t1"), ("title", "Fuel"), ("project", "p1"), ("assignees", new[] { "ann", "bob" })),
            R(("id", "t2"), ("title", "Paint"), ("project", "p1"), ("assignees", new[] { "bob" })),
            R(("id", "t3"), ("title", "Pour"), ("project", "p2")),
        ]);
    }

    /// <summary>A lookup naming no record of its target is a VALIDATION_ERROR naming the field, and nothing is stored.</summary>
    [Test]
    public async Task Reference_to_a_missing_record_is_refused_naming_the_field()
    {
        var db = await OpenRelationsAsync();
        await SeedCompaniesAsync(db);
        var error = await ThrowsAsync(ErrorCodes.ValidationError, "company",
            () => db.Object("rel_person").CreateAsync(R(("id", "cat"), ("name", "Cat"), ("company", "initech"))));
        Assert.That(error.Details.Single().Reason, Is.EqualTo("invalid_reference"));
        Assert.That(await db.Object("rel_person").FindOneAsync("cat"), Is.Null);
        await ThrowsAsync(ErrorCodes.ValidationError, "company", () => db.Object("rel_person").UpdateAsync("ann", R(("company", "initech"))));
        await ThrowsAsync(ErrorCodes.ValidationError, "company",
            () => db.Object("rel_person").UpdateManyAsync([new RecordPatch("ann", R(("company", "initech")))]));
        Assert.That((await db.Object("rel_person").FindOneAsync("ann"))!["company"], Is.EqualTo("acme"));
    }

    /// <summary>A batch's references are all checked: one missing target fails the whole createMany.</summary>
    [Test]
    public async Task CreateMany_with_one_missing_reference_stores_nothing()
    {
        var db = await OpenRelationsAsync();
        await SeedCompaniesAsync(db);
        await ThrowsAsync(ErrorCodes.ValidationError, "company", () => db.Object("rel_person").CreateManyAsync(
        [
            R(("id", "c1"), ("name", "C1"), ("company", "acme")),
            R(("id", "c2"), ("name", "C2"), ("company", "nowhere")),
        ]));
        Assert.That(await db.Object("rel_person").CountAsync(), Is.EqualTo(2));
    }

    /// <summary>Every element of a multiple lookup must exist; records created in the same batch count.</summary>
    [Test]
    public async Task Multiple_lookup_is_checked_element_by_element()
    {
        var db = await OpenRelationsAsync();
        await SeedCompaniesAsync(db);
        var error = await ThrowsAsync(ErrorCodes.ValidationError, "assignees",
            () => db.Object("rel_task").CreateAsync(R(("title", "x"), ("project", "p1"), ("assignees", new[] { "ann", "zed" }))));
        Assert.That(error.Details.Single().Message, Does.Contain("zed"));
        await db.Object("rel_person").CreateManyAsync(
        [
            R(("id", "cy"), ("name", "Cy"), ("mentor", "di")),
            R(("id", "di"), ("name", "Di"), ("mentor", "cy")),
        ]);
        Assert.That(await db.Object("rel_person").CountAsync(), Is.EqualTo(4));
    }

    /// <summary>Existence is checked with one query per target object for the whole batch, not one per record.</summary>
    [Test]
    public async Task References_are_checked_with_one_query_per_target_object()
    {
        var counting = new FindCountingDriver(Driver);
        var db = await OpenRelationsAsync(counting);
        await SeedCompaniesAsync(db);
        var before = counting.Finds;
        await db.Object("rel_person").CreateManyAsync(
            [.. Enumerable.Range(0, 50).Select(i => R(("name", $"n{i}"), ("company", i % 2 == 0 ? "acme" : "globex"), ("mentor", "ann")))]);
        // One query for rel_company, one for rel_person (mentor).
        Assert.That(counting.Finds - before, Is.EqualTo(2));
    }

    /// <summary>A reference must name a record the caller may read: another tenant's record does not count.</summary>
    [Test]
    public async Task Reference_to_another_tenants_record_is_refused()
    {
        var db = await OpenRelationsAsync();
        await db.Object("rel_company").CreateManyAsync([R(("id", "mine"), ("name", "Mine"), ("space_id", "s1")), R(("id", "theirs"), ("name", "Theirs"), ("space_id", "s2"))]);
        var tenant = db.WithContext(ObjectQLContext.ForUser("u1", "member") with { TenantId = "s1" });
        await tenant.Object("rel_person").CreateAsync(R(("id", "p-mine"), ("name", "Mine"), ("company", "mine")));
        await ThrowsAsync(ErrorCodes.ValidationError, "company",
            () => tenant.Object("rel_person").CreateAsync(R(("name", "Spy"), ("company", "theirs"))));
    }

    /// <summary>
    /// Deleting a company cascades to its projects (master_detail) and on to their tasks, clears the lookup of its
    /// people (set_null), and each of those writes is a change event of the same transaction.
    /// </summary>
    [Test]
    public async Task Delete_cascades_master_detail_and_clears_lookups_through_the_pipeline()
    {
        var db = await OpenRelationsAsync();
        await SeedCompaniesAsync(db);
        var changes = new List<ChangeEvent>();
        db.Changes.Subscribe((change, _) =>
        {
            lock (changes)
            {
                changes.Add(change);
            }
            return ValueTask.CompletedTask;
        });
        var hooked = new List<string>();
        db.Hooks.Before(HookOperation.Delete, "rel_task", (context, _) =>
        {
            hooked.Add(context.Id!);
            return ValueTask.CompletedTask;
        });
        Assert.That(await db.Object("rel_company").DeleteAsync("acme"), Is.True);
        // Read first, then assert: an async Assert.Multiple blocks, which single-threaded WebAssembly cannot do.
        var project = await db.Object("rel_project").FindOneAsync("p1");
        var tasks = await db.Object("rel_task").CountAsync();
        var ann = await db.Object("rel_person").FindOneAsync("ann");
        var bob = await db.Object("rel_person").FindOneAsync("bob");
        Assert.Multiple(() =>
        {
            Assert.That(project, Is.Null);
            Assert.That(tasks, Is.EqualTo(1));
            Assert.That(ann!["company"], Is.Null);
            Assert.That(bob!["company"], Is.EqualTo("globex"));
            Assert.That(hooked.Order(), Is.EqualTo(new[] { "t1", "t2" }));
            Assert.That(changes.Select(static c => $"{c.ObjectName}:{c.Operation}:{c.Id}").Order(), Is.EqualTo(new[]
            {
                "rel_company:Delete:acme", "rel_person:Update:ann", "rel_project:Delete:p1", "rel_task:Delete:t1", "rel_task:Delete:t2",
            }));
        });
    }

    /// <summary>Deleting a person takes it out of every multiple lookup naming it and leaves the other elements.</summary>
    [Test]
    public async Task Delete_removes_the_id_from_multiple_lookups()
    {
        var db = await OpenRelationsAsync();
        await SeedCompaniesAsync(db);
        await db.Object("rel_person").DeleteAsync("bob");
        Assert.That((await db.Object("rel_task").FindOneAsync("t1"))!["assignees"], Is.EqualTo(new[] { "ann" }));
        Assert.That((await db.Object("rel_task").FindOneAsync("t2"))!["assignees"], Is.Null);
    }

    /// <summary>restrict refuses the delete with CONFLICT while a record refers to it, and nothing is written; it goes once the reference is gone.</summary>
    [Test]
    public async Task Restrict_refuses_the_delete_and_changes_nothing()
    {
        var db = await OpenRelationsAsync();
        await SeedCompaniesAsync(db);
        await db.Object("rel_contract").CreateAsync(R(("id", "k1"), ("title", "Supply"), ("company", "acme")));
        var error = await ThrowsAsync(ErrorCodes.Conflict, "company", () => db.Object("rel_company").DeleteAsync("acme"));
        Assert.That(error.Details.Single().Reason, Is.EqualTo("restricted"));
        Assert.That(await db.Object("rel_project").FindOneAsync("p1"), Is.Not.Null);
        Assert.That((await db.Object("rel_person").FindOneAsync("ann"))!["company"], Is.EqualTo("acme"));
        await db.Object("rel_contract").DeleteAsync("k1");
        Assert.That(await db.Object("rel_company").DeleteAsync("acme"), Is.True);
    }

    /// <summary>A cascade runs as the caller: a referring record it may not delete fails the whole delete.</summary>
    [Test]
    public async Task Cascade_needs_the_callers_permission_on_the_referring_records()
    {
        var model = new Metadata.ObjectModel(TestModels.Relations.Objects.Select(o => o.Name != "rel_project" ? o : new Metadata.ObjectDefinition
        {
            Name = o.Name,
            Label = o.Label,
            Fields = o.Fields,
            Permissions = new Metadata.PermissionDefinition
            {
                Name = "rel_project_permissions",
                Object = o.Name,
                Roles = ["admin", "member"],
                ObjectPermissions = new Metadata.ObjectPermissions { Create = ["member"], Read = ["member"], Update = ["member"], Delete = ["admin"] },
            },
        }));
        var db = await ObjectQLDatabase.OpenAsync(Driver, model, CreateOptions());
        await SeedCompaniesAsync(db);
        await ThrowsAsync(ErrorCodes.Forbidden, null, () => db.ForUser("m", "member").Object("rel_company").DeleteAsync("acme"));
        Assert.That(await db.Object("rel_company").FindOneAsync("acme"), Is.Not.Null);
        Assert.That(await db.Object("rel_task").CountAsync(), Is.EqualTo(3));
    }

    private sealed class FindCountingDriver(IObjectQLDriver inner) : PassThroughDriver(inner)
    {
        public int Finds;

        public override Task<IReadOnlyList<Record>> FindAsync(Metadata.ObjectDefinition definition, Query query, IDriverTransaction? transaction, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Finds);
            return base.FindAsync(definition, query, transaction, cancellationToken);
        }
    }
}
