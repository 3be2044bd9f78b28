using ObjectQL.Drivers.Memory;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Testing;

namespace ObjectQL.Tests;

/// <summary>
/// References and expansions as a user sees them: a reference must name a record the user may read, and expanded
/// records are filtered by record rules and masked by field permissions like any read.
/// </summary>
public sealed class RelationshipPermissionTests
{
    private ObjectQLDatabase _db = null!;

    // rel_company: members read every company but "Secret" (a record rule; admins view all), and only admins read space_id.
    private static ObjectModel Model { get; } = new(TestModels.Relations.Objects.Select(static o => o.Name != "rel_company" ? o : new ObjectDefinition
    {
        Name = o.Name,
        Label = o.Label,
        Fields = o.Fields,
        Permissions = new PermissionDefinition
        {
            Name = "rel_company_permissions",
            Object = o.Name,
            Roles = ["admin", "member"],
            ObjectPermissions = new ObjectPermissions { Create = ["admin"], Read = ["admin", "member"], Update = ["admin"], Delete = ["admin"], ViewAll = ["admin"] },
            FieldPermissions = [new FieldPermission { Field = "space_id", Read = ["admin"] }],
            RecordRules = [new RecordRule { Name = "not_secret", Condition = new Condition { Field = "name", Operator = "!=", Value = "Secret" }, Read = true }],
        },
    }));

    [SetUp]
    public async Task Open()
    {
        _db = await ObjectQLDatabase.OpenAsync(new MemoryDriver(), Model);
        await _db.Object("rel_company").CreateManyAsync(
        [
            new Record { ["id"] = "acme", ["name"] = "Acme", ["space_id"] = "s1" },
            new Record { ["id"] = "hidden", ["name"] = "Secret", ["space_id"] = "s1" },
        ]);
        await _db.Object("rel_person").CreateManyAsync(
        [
            new Record { ["id"] = "ann", ["name"] = "Ann", ["company"] = "acme" },
            new Record { ["id"] = "sam", ["name"] = "Sam", ["company"] = "hidden" },
        ]);
    }

    [TearDown]
    public async Task Close() => await _db.DisposeAsync();

    private IObjectRepository People(string role) => _db.ForUser("m1", role).Object("rel_person");

    [Test]
    public async Task Expanded_records_are_masked_and_filtered_by_the_readers_permissions()
    {
        var people = await People("member").FindAsync(new Query { OrderBy = [new SortSpec("id")], Expand = [new Expansion("company")] });
        var acme = (Record)people[0]["company"]!;
        Assert.Multiple(() =>
        {
            Assert.That(acme["name"], Is.EqualTo("Acme"));
            Assert.That(acme.Contains("space_id"), Is.False, "space_id is for admins only");
            Assert.That(people[1]["company"], Is.Null, "the Secret company is not readable by members");
        });
        var asAdmin = await People("admin").FindAsync(new Query { OrderBy = [new SortSpec("id")], Expand = [new Expansion("company")] });
        Assert.That(((Record)asAdmin[1]["company"]!)["space_id"], Is.EqualTo("s1"));
    }

    [Test]
    public async Task A_reference_to_a_record_the_writer_may_not_read_is_refused()
    {
        var error = Assert.ThrowsAsync<ObjectQLException>(() => People("member").CreateAsync(new Record { ["name"] = "Spy", ["company"] = "hidden" }))!;
        Assert.That((error.Code, error.Details.Single().Field, error.Details.Single().Reason), Is.EqualTo((ErrorCodes.ValidationError, "company", "invalid_reference")));
        Assert.That(await People("member").CreateAsync(new Record { ["name"] = "Ok", ["company"] = "acme" }), Is.Not.Null);
    }

    [Test]
    public async Task A_pulled_change_is_applied_without_reference_checks()
    {
        // A sync client applies what the server accepted; its replica may lack the target.
        var applying = _db.System.WithOrigin(new WriteOrigin { AppliesRemoteChange = true });
        await applying.Object("rel_person").CreateAsync(new Record { ["id"] = "far", ["name"] = "Far", ["company"] = "elsewhere" });
        Assert.That((await _db.Object("rel_person").FindOneAsync("far"))!["company"], Is.EqualTo("elsewhere"));
    }
}
