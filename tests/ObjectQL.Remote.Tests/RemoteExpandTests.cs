using ObjectQL.Querying;
using ObjectQL.Remote.Tests.Server;

namespace ObjectQL.Remote.Tests;

/// <summary>A remote find with <c>expand</c> reads the related records the server sends back into records, as a local find returns them.</summary>
public sealed class RemoteExpandTests : ServedDatabaseTests
{
    [Test]
    public async Task Expanded_references_come_back_as_records_of_their_object()
    {
        var local = Served.Database;
        await local.Object("user").CreateAsync(new Record { ["id"] = "ann", ["name"] = "Ann", ["email"] = "ann@example.com" });
        await local.Object("project").CreateAsync(new Record { ["id"] = "p1", ["name"] = "Rocket", ["budget"] = 12.5m, ["starts_on"] = new DateOnly(2026, 1, 2) });
        await local.Object("todo_item").CreateAsync(new Record { ["id"] = "t1", ["title"] = "Fuel", ["owner"] = "ann", ["project"] = "p1" });
        await local.Object("todo_item").CreateAsync(new Record { ["id"] = "t2", ["title"] = "Paint", ["owner"] = "ann" });

        var rows = await Served.Session(ServedDatabase.System).Object("todo_item").FindAsync(new Query
        {
            OrderBy = [new SortSpec("title", SortDirection.Ascending)],
            Expand = [new Expansion("project") { Fields = ["name", "budget", "starts_on"] }, new Expansion("owner") { Fields = ["name"] }],
        });

        Assert.That(rows.Select(r => r.Id), Is.EqualTo(new[] { "t1", "t2" }));
        var project = rows[0]["project"] as Record;
        var owner = rows[0]["owner"] as Record;
        Assert.Multiple(() =>
        {
            Assert.That(project, Is.Not.Null, "the project is a record, not its id");
            Assert.That((project!.Id, project["name"], project["budget"], project["starts_on"]), Is.EqualTo(("p1", (object)"Rocket", (object)12.5m, (object)new DateOnly(2026, 1, 2))));
            Assert.That((owner?.Id, owner?["name"]), Is.EqualTo(("ann", (object)"Ann")));
            Assert.That(rows[0]["title"], Is.EqualTo("Fuel"));
            Assert.That(rows[1]["project"], Is.Null);
            Assert.That(rows[1]["owner"], Is.InstanceOf<Record>());
        });
    }

    [Test]
    public async Task Without_expand_references_stay_ids()
    {
        await Served.Database.Object("user").CreateAsync(new Record { ["id"] = "ann", ["name"] = "Ann", ["email"] = "ann@example.com" });
        await Served.Database.Object("todo_item").CreateAsync(new Record { ["id"] = "t1", ["title"] = "Fuel", ["owner"] = "ann" });
        var rows = await Served.Session(ServedDatabase.System).Object("todo_item").FindAsync(new Query());
        Assert.That(rows.Single()["owner"], Is.EqualTo("ann"));
    }
}
