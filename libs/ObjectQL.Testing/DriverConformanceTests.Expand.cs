using NUnit.Framework;
using ObjectQL.Querying;
using ObjectQL.Querying.Json;

namespace ObjectQL.Testing;

public abstract partial class DriverConformanceTests
{
    private static Query TasksBy(params Expansion[] expand) =>
        new() { OrderBy = [new SortSpec(Metadata.SystemFields.Id)], Expand = expand };

    /// <summary>An expanded lookup comes back as the related record; one left empty stays null.</summary>
    [Test]
    public async Task Expand_replaces_a_lookup_with_the_related_record()
    {
        var db = await OpenRelationsAsync();
        await SeedCompaniesAsync(db);
        await db.Object("rel_person").CreateAsync(R(("id", "cid"), ("name", "Cid")));
        var people = await db.Object("rel_person").FindAsync(new Query { OrderBy = [new SortSpec(Metadata.SystemFields.Id)], Expand = [new Expansion("company")] });
        Assert.That(people.Select(static p => p.Id), Is.EqualTo(new[] { "ann", "bob", "cid" }));
        Assert.That(((Record)people[0]["company"]!)["name"], Is.EqualTo("Acme"));
        Assert.That(((Record)people[1]["company"]!)["name"], Is.EqualTo("Globex"));
        Assert.That(people[2]["company"], Is.Null);
    }

    /// <summary>A multiple lookup expands to the list of related records, in the order of its ids.</summary>
    [Test]
    public async Task Expand_turns_a_multiple_lookup_into_its_records()
    {
        var db = await OpenRelationsAsync();
        await SeedCompaniesAsync(db);
        var tasks = await db.Object("rel_task").FindAsync(TasksBy(new Expansion("assignees") { Fields = ["name"] }));
        var first = (Record[])tasks[0]["assignees"]!;
        Assert.That(first.Select(static p => (string?)p["name"]), Is.EqualTo(new[] { "Ann", "Bob" }));
        Assert.That(first[0].Fields.Order(StringComparer.Ordinal), Is.EqualTo(new[] { "id", "name" }));
        Assert.That(tasks[2]["assignees"], Is.Null);
    }

    /// <summary>
    /// Nested expansions have their own fields and filters, and each level is one query batched by ids, whatever the
    /// number of rows: tasks, then their projects, then the projects' companies.
    /// </summary>
    [Test]
    public async Task Nested_expand_reads_one_query_per_level()
    {
        var counting = new FindCountingDriver(Driver);
        var db = await OpenRelationsAsync(counting);
        await SeedCompaniesAsync(db);
        var before = counting.Finds;
        var tasks = await db.Object("rel_task").FindAsync(TasksBy(new Expansion("project")
        {
            Fields = ["name", "company"],
            Expand = [new Expansion("company") { Fields = ["name"], Where = new Filter.Comparison("name", FilterOperator.Ne, "Globex") }],
        }));
        Assert.That(counting.Finds - before, Is.EqualTo(3));
        var project = (Record)tasks[0]["project"]!;
        Assert.That(project["name"], Is.EqualTo("Rocket"));
        Assert.That(((Record)project["company"]!)["name"], Is.EqualTo("Acme"));
        // The Dam's company is Globex, which the nested filter leaves out.
        Assert.That(((Record)tasks[2]["project"]!)["company"], Is.Null);
    }

    /// <summary>The object JSON form reads to the same expansion and gives the same answer.</summary>
    [Test]
    public async Task Expand_in_the_object_json_form_gives_the_same_answer()
    {
        var db = await OpenRelationsAsync();
        await SeedCompaniesAsync(db);
        var query = QueryJsonReader.Read(
            """{"sort":"id","expand":{"project":{"fields":["name","company"],"expand":{"company":{"fields":"name","filters":{"name":{"$ne":"Globex"}}}}}}}""",
            TestModels.RelTask, TestModels.Relations);
        var expected = TasksBy(new Expansion("project")
        {
            Fields = ["name", "company"],
            Expand = [new Expansion("company") { Fields = ["name"], Where = new Filter.Comparison("name", FilterOperator.Ne, "Globex") }],
        });
        Assert.That(query.Expand, Is.EqualTo(expected.Expand));
        var fromJson = await db.Object("rel_task").FindAsync(query);
        Assert.That(((Record)((Record)fromJson[0]["project"]!)["company"]!)["name"], Is.EqualTo("Acme"));
    }

    /// <summary>Expanding a field that is not a reference is INVALID_REQUEST naming it, before anything is read.</summary>
    [Test]
    public async Task Expand_of_a_field_that_is_no_reference_is_refused()
    {
        var db = await OpenRelationsAsync();
        var error = await ThrowsAsync(ErrorCodes.InvalidRequest, "name", () => db.Object("rel_person").FindAsync(new Query { Expand = [new Expansion("name")] }));
        Assert.That(error.Details.Single().Reason, Is.EqualTo("invalid_expand"));
    }
}
