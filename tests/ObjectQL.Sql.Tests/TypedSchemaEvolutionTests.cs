using ObjectQL.Metadata;
using ObjectQL.Postgres;
using ObjectQL.Sql.Tests.Model;
using ObjectQL.Sqlite;
using ObjectQL.Testing.Postgres;

namespace ObjectQL.Sql.Tests;

/// <summary>
/// Required fields with defaults added to an object whose table holds records: the generated entities read and update
/// those records (before, the new columns stayed empty and every typed find and update failed).
/// </summary>
[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class TypedSchemaEvolutionTests(string store)
{
    private string _store = null!;

    private SqlDriver Open() => store == "sqlite" ? new SqliteDriver($"Data Source={_store}") : new PostgresDriver(_store);

    [SetUp]
    public void CreateStore() =>
        _store = store == "sqlite" ? Path.Combine(Path.GetTempPath(), $"objectql-evolve-{Guid.NewGuid():N}.db") : PostgresCluster.CreateSchema("evolve");

    [TearDown]
    public void DropStore()
    {
        if (store == "sqlite")
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_store + suffix);
            }
        }
        else
        {
            PostgresCluster.DropSchema(_store);
        }
    }

    [Test]
    public async Task Records_stored_before_required_fields_with_defaults_were_added_read_and_update_through_the_entities()
    {
        var now = AppModel.Objects.Get("evolved_item");
        var before = new ObjectDefinition { Name = now.Name, Label = now.Label, Fields = [now.GetField("name")] };
        await using (var old = await ObjectQLDatabase.OpenAsync(Open(), new ObjectModel([before])))
        {
            await old.System.Object("evolved_item").CreateAsync(new Record { ["id"] = "e1", ["name"] = "stored earlier" });
        }

        await using var db = await ObjectQLDatabase.OpenAsync(Open(), AppModel.Objects);
        var items = db.System.EvolvedItems();
        var found = (await items.FindAsync()).Single();
        var updated = await items.UpdateAsync("e1", new EvolvedItemPatch { Name = "renamed" });
        Assert.Multiple(() =>
        {
            Assert.That((found.Name, found.Category, found.Size), Is.EqualTo(("stored earlier", EvolvedItemCategory.General, 1.0)));
            Assert.That((updated.Name, updated.Category, updated.Version), Is.EqualTo(("renamed", EvolvedItemCategory.General, 2L)));
        });
    }
}
