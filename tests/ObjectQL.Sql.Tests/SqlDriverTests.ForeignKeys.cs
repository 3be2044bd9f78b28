using ObjectQL.Drivers;
using ObjectQL.Metadata;

namespace ObjectQL.Sql.Tests;

public abstract partial class SqlDriverTests
{
    // company.parent is a self reference; company.ceo and person.company make a cycle; person.skills is a multiple lookup.
    protected static ObjectModel ReferenceModel(string prefix = "fk") =>
        new([
            new ObjectDefinition
            {
                Name = prefix + "_company",
                Label = "Company",
                Fields =
                [
                    TestModel.Field("name", FieldType.Text),
                    Reference("parent", prefix + "_company"),
                    Reference("ceo", prefix + "_person"),
                ],
            },
            new ObjectDefinition
            {
                Name = prefix + "_person",
                Label = "Person",
                Fields =
                [
                    TestModel.Field("name", FieldType.Text),
                    Reference("company", prefix + "_company", FieldType.MasterDetail),
                    Reference("skills", prefix + "_company", multiple: true),
                    Reference("account", "account_outside_the_model"),
                ],
            },
        ]);

    private static FieldDefinition Reference(string name, string target, FieldType type = FieldType.Lookup, bool multiple = false) =>
        new() { Name = name, Label = name, Type = type, ReferenceTo = target, Multiple = multiple };

    private async Task RawAsync(string sql) => await Driver.Executor.ExecuteAsync(new SqlStatement(sql), null, CancellationToken.None);

    private async Task<long> RawCountAsync(string table) =>
        await SchemaData.CountAsync(Driver.Executor, Driver.Dialect.QuoteIdentifier(table), null, null, CancellationToken.None);

    [Test]
    public async Task A_raw_insert_of_an_orphan_reference_is_refused_by_the_store()
    {
        await Driver.InitializeAsync(ReferenceModel());
        await RawAsync("INSERT INTO \"fk_company\" (\"id\", \"name\") VALUES ('c1', 'Acme')");
        await RawAsync("INSERT INTO \"fk_person\" (\"id\", \"company\") VALUES ('p1', 'c1')");

        foreach (var orphan in new[]
        {
            "INSERT INTO \"fk_person\" (\"id\", \"company\") VALUES ('p2', 'no-such-company')",
            "INSERT INTO \"fk_company\" (\"id\", \"parent\") VALUES ('c2', 'no-such-company')",
            "INSERT INTO \"fk_company\" (\"id\", \"ceo\") VALUES ('c3', 'no-such-person')",
            "UPDATE \"fk_person\" SET \"company\" = 'no-such-company' WHERE \"id\" = 'p1'",
            "DELETE FROM \"fk_company\" WHERE \"id\" = 'c1'",
        })
        {
            Assert.That(() => RawAsync(orphan), Throws.Exception, orphan);
        }
        Assert.That((await RawCountAsync("fk_company"), await RawCountAsync("fk_person")), Is.EqualTo((1L, 1L)));
        Assert.That((await Driver.FindOneAsync(ReferenceModel().Get("fk_person"), "p1"))!["company"], Is.EqualTo("c1"));
    }

    [Test]
    public async Task A_driver_write_that_leaves_an_orphan_is_a_validation_error_naming_the_field()
    {
        var model = ReferenceModel();
        await Driver.InitializeAsync(model);
        var error = Assert.ThrowsAsync<ObjectQLException>(() =>
            Driver.InsertAsync(model.Get("fk_person"), [new Record { ["id"] = "p1", ["company"] = "no-such-company", ["_version"] = 1L }]));
        Assert.That((error!.Code, error.Details[0].Reason), Is.EqualTo((ErrorCodes.ValidationError, "foreign_key")));
        Assert.That(await RawCountAsync("fk_person"), Is.Zero);
    }

    [Test]
    public async Task Keys_are_checked_at_commit_so_a_transaction_may_write_in_any_order()
    {
        var model = ReferenceModel();
        await Driver.InitializeAsync(model);
        await using (var transaction = await Driver.BeginTransactionAsync())
        {
            await Driver.InsertAsync(model.Get("fk_person"), [new Record { ["id"] = "p1", ["company"] = "c1", ["_version"] = 1L }], transaction);
            await Driver.InsertAsync(model.Get("fk_company"), [new Record { ["id"] = "c1", ["ceo"] = "p1", ["parent"] = "c1", ["_version"] = 1L }], transaction);
            await transaction.CommitAsync();
        }
        await using (var transaction = await Driver.BeginTransactionAsync())
        {
            await Driver.DeleteAsync(model.Get("fk_company"), ["c1"], transaction);
            await Driver.DeleteAsync(model.Get("fk_person"), ["p1"], transaction);
            await transaction.CommitAsync();
        }
        Assert.That((await RawCountAsync("fk_company"), await RawCountAsync("fk_person")), Is.EqualTo((0L, 0L)));
    }

    [Test]
    public async Task Multiple_lookups_and_targets_outside_the_model_get_no_key()
    {
        await Driver.InitializeAsync(ReferenceModel());
        await RawAsync("INSERT INTO \"fk_person\" (\"id\", \"skills\", \"account\") VALUES ('p1', '[\"no-such-company\"]', 'no-such-account')");
        Assert.That(await RawCountAsync("fk_person"), Is.EqualTo(1));
    }

    [Test]
    public async Task With_foreign_keys_off_schema_sync_declares_none()
    {
        await using var driver = Open(Store);
        driver.ForeignKeys = false;
        await driver.InitializeAsync(ReferenceModel("off"));
        await driver.Executor.ExecuteAsync(new SqlStatement("INSERT INTO \"off_person\" (\"id\", \"company\") VALUES ('p1', 'no-such-company')"), null, CancellationToken.None);
        Assert.That(await SchemaData.CountAsync(driver.Executor, "\"off_person\"", null, null, CancellationToken.None), Is.EqualTo(1));
    }

    [Test]
    public async Task A_sync_client_plugin_switches_foreign_keys_off_before_the_store_is_prepared()
    {
        await using var driver = Open(Store);
        var plugin = new ForeignKeysOffPlugin();
        await using var database = await ObjectQLDatabase.CreateBuilder().UseDriver(driver).AddModel(ReferenceModel("replica")).AddPlugin(plugin).OpenAsync();
        await driver.Executor.ExecuteAsync(new SqlStatement("INSERT INTO \"replica_person\" (\"id\", \"company\") VALUES ('p1', 'not-pulled')"), null, CancellationToken.None);
        Assert.That((driver.ForeignKeys, plugin.SawForeignKeys), Is.EqualTo((false, true)));
    }

    [Test]
    public async Task Schema_sync_again_adds_no_key_and_keeps_enforcing()
    {
        var model = ReferenceModel();
        await Driver.InitializeAsync(model);
        var tables = model.Objects.Select(Driver.TableFor).ToArray();
        var again = await SchemaSynchronizer.SyncAsync(Driver.Executor, tables, null, foreignKeys: true, trustStored: false, CancellationToken.None);
        Assert.That(again, Has.None.Contains("FOREIGN KEY").And.None.StartsWith("CREATE TABLE").And.None.StartsWith("ALTER"));
        Assert.That(() => RawAsync("INSERT INTO \"fk_person\" (\"id\", \"company\") VALUES ('p2', 'no-such-company')"), Throws.Exception);
    }

    [Test]
    public async Task A_table_created_without_keys_gets_them_only_where_the_store_can_add_them()
    {
        await using (var before = Open(Store))
        {
            before.ForeignKeys = false;
            await before.InitializeAsync(ReferenceModel());
            await before.Executor.ExecuteAsync(new SqlStatement("INSERT INTO \"fk_person\" (\"id\", \"company\") VALUES ('old', 'orphan-from-before')"), null, CancellationToken.None);
        }
        await Driver.InitializeAsync(ReferenceModel());
        var insertOrphan = () => RawAsync("INSERT INTO \"fk_person\" (\"id\", \"company\") VALUES ('new', 'no-such-company')");
        if (Driver.Name == "postgres")
        {
            // Added NOT VALID: the row from before stays, every new write is checked.
            Assert.That(insertOrphan, Throws.Exception);
            Assert.That(await RawCountAsync("fk_person"), Is.EqualTo(1));
        }
        else
        {
            // SQLite declares keys only when it creates a table (or adds a column); the old table keeps working without them.
            await insertOrphan();
            Assert.That(await RawCountAsync("fk_person"), Is.EqualTo(2));
        }
    }

    private sealed class ForeignKeysOffPlugin : IObjectQLPlugin
    {
        public bool SawForeignKeys { get; private set; }

        public string Name => "replica";

        public IReadOnlyList<ObjectDefinition> SystemObjects => [];

        public void ConfigureDriver(IObjectQLDriver driver)
        {
            var capability = DriverCapabilities.Get<IForeignKeyDriver>(driver)!;
            SawForeignKeys = capability.ForeignKeys;
            capability.ForeignKeys = false;
        }

        public void Attach(ObjectQLDatabase database)
        {
        }
    }
}
