using ObjectQL.Drivers;
using ObjectQL.Drivers.Memory;
using ObjectQL.Metadata;
using ObjectQL.Testing;

namespace ObjectQL.Tests;

/// <summary>A table a driver keeps for itself is refused at open for any object; a driver that keeps none frees every name.</summary>
public sealed class InternalTableTests
{
    private static readonly ObjectDefinition Counters = TestModels.Object("_objectql_sequences", TestModels.Field("label", FieldType.Text));

    [Test]
    public async Task The_memory_driver_keeps_no_tables_so_every_name_is_free()
    {
        await using var memory = new MemoryDriver();
        Assert.That(DriverCapabilities.InternalTablesOf(memory), Is.Empty);
        await using var db = await ObjectQLDatabase.OpenAsync(memory, new ObjectModel([Counters]));
        await db.Object(Counters.Name).CreateAsync(new Record { ["id"] = "c1", ["label"] = "stored" });
        Assert.That((await db.Object(Counters.Name).FindOneAsync("c1"))?["label"], Is.EqualTo("stored"));
    }

    [Test]
    public async Task A_model_object_on_a_driver_table_is_refused_before_the_store_is_touched()
    {
        await using var driver = new OwnTablesDriver(["_Objectql_Sequences"]);
        var error = Assert.ThrowsAsync<ObjectQLException>(() => ObjectQLDatabase.OpenAsync(driver, new ObjectModel([TestModels.Note, Counters])));
        Assert.That((error!.Code, error.Field, error.Details[0].Reason), Is.EqualTo((ErrorCodes.InvalidRequest, Counters.Name, "reserved_table")));
        Assert.That(error.Message, Is.EqualTo(
            "Table '_objectql_sequences' of '_objectql_sequences' (model 1) is one the memory driver keeps for itself; give the object another table name (TableName)."));
        Assert.That(driver.Initialized, Is.Zero);
    }

    [Test]
    public async Task A_plugin_object_on_a_driver_table_is_refused_through_a_further_decorator()
    {
        await using var driver = new Decorated(new OwnTablesDriver(["audit_store"]));
        var plugin = new TablePlugin(new ObjectDefinition
        {
            Name = "audit", Label = "Audit", IsSystem = true, TableName = "AUDIT_STORE", Fields = [TestModels.Field("label", FieldType.Text)],
        });
        var error = Assert.ThrowsAsync<ObjectQLException>(() =>
            ObjectQLDatabase.CreateBuilder().UseDriver(driver).AddModel(new ObjectModel([TestModels.Note])).AddPlugin(plugin).OpenAsync());
        Assert.That((error!.Field, error.Details[0].Reason), Is.EqualTo(("audit", "reserved_table")));
        Assert.That(error.Message, Does.Contain("'AUDIT_STORE'").And.Contain("plugin 'audit'"));
    }

    [Test]
    public async Task A_table_name_beside_a_driver_table_opens()
    {
        await using var driver = new OwnTablesDriver(["_objectql_sequences"]);
        await using var db = await ObjectQLDatabase.OpenAsync(driver, new ObjectModel([new ObjectDefinition { Name = Counters.Name, Label = Counters.Label, Fields = Counters.Fields, TableName = "app_sequences" }]));
        Assert.That(driver.Initialized, Is.EqualTo(1));
    }

    // A memory store that says it keeps some tables of its own, as the SQL driver does.
    private sealed class OwnTablesDriver(IReadOnlyList<string> tables) : PassThroughDriver(new MemoryDriver())
    {
        public int Initialized { get; private set; }

        public override IReadOnlyList<string> InternalTables => tables;

        public override TCapability? GetCapability<TCapability>()
            where TCapability : class => typeof(TCapability) == typeof(IInternalTablesDriver) ? this as TCapability : base.GetCapability<TCapability>();

        public override Task InitializeAsync(ObjectModel model, CancellationToken cancellationToken = default)
        {
            Initialized++;
            return base.InitializeAsync(model, cancellationToken);
        }
    }

    private sealed class Decorated(IObjectQLDriver inner) : PassThroughDriver(inner);

    private sealed class TablePlugin(ObjectDefinition table) : IObjectQLPlugin
    {
        public string Name => table.Name;

        public IReadOnlyList<ObjectDefinition> SystemObjects { get; } = [table];

        public void Attach(ObjectQLDatabase database)
        {
        }
    }
}
