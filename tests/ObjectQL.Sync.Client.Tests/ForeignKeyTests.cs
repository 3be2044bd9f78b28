using ObjectQL.Metadata;
using ObjectQL.Postgres;
using ObjectQL.Sql;
using ObjectQL.Sqlite;
using ObjectQL.Testing.Postgres;

namespace ObjectQL.Sync.Client.Tests;

/// <summary>
/// A client's store is a partial replica (a todo whose owner the device does not pull): the plugin switches the SQL
/// store's foreign keys off before schema sync, so the store accepts what the server sent.
/// </summary>
[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class ForeignKeyTests(string store)
{
    private static readonly ObjectModel Model = new(
    [
        new ObjectDefinition { Name = "member", Label = "Member", Fields = [new FieldDefinition { Name = "name", Label = "Name", Type = FieldType.Text }] },
        new ObjectDefinition
        {
            Name = "chore",
            Label = "Chore",
            Sync = new SyncSettings { Enabled = true },
            Fields = [new FieldDefinition { Name = "owner", Label = "Owner", Type = FieldType.Lookup, ReferenceTo = "member" }],
        },
    ]);

    [Test]
    public async Task The_client_plugin_opens_its_store_without_foreign_keys()
    {
        var location = store == "sqlite" ? Path.Combine(Path.GetTempPath(), $"objectql-fk-client-{Guid.NewGuid():N}.db") : PostgresCluster.CreateSchema("fk_client");
        SqlDriver driver = store == "sqlite" ? new SqliteDriver($"Data Source={location}") : new PostgresDriver(location);
        Assert.That(driver.ForeignKeys, Is.True, "a server store's default");
        var plugin = new SyncClientPlugin(new SyncClientOptions { ServerUrl = new Uri("http://127.0.0.1:9/") }, new FakeServer());
        try
        {
            await using var database = await ObjectQLDatabase.CreateBuilder().UseDriver(driver).AddModel(Model).AddPlugin(plugin).OpenAsync();
            await driver.Executor.ExecuteAsync(
                new SqlStatement("INSERT INTO \"chore\" (\"id\", \"owner\", \"_version\") VALUES ('c1', 'a-member-not-pulled', 1)"), null, CancellationToken.None);
            Assert.That((driver.ForeignKeys, await database.System.Object("chore").CountAsync()), Is.EqualTo((false, 1L)));
        }
        finally
        {
            if (store == "sqlite")
            {
                foreach (var suffix in new[] { "", "-wal", "-shm" })
                {
                    File.Delete(location + suffix);
                }
            }
            else
            {
                PostgresCluster.DropSchema(location);
            }
        }
    }
}
