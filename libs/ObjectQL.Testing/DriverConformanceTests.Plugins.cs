using NUnit.Framework;
using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Querying;

namespace ObjectQL.Testing;

/// <summary>Plugins at open: system objects every driver stores, handlers in place before the first write, refused collisions.</summary>
public abstract partial class DriverConformanceTests
{
    private static readonly ObjectDefinition Extra = TestModels.Object("tck_extra", TestModels.Field("label", FieldType.Text));

    // A second database over the kit's driver (which the kit's own database disposes), with a second model and a plugin.
    private Task<ObjectQLDatabase> OpenWithPluginAsync(IObjectQLPlugin plugin) =>
        ObjectQLDatabase.CreateBuilder()
            .UseDriver(Driver)
            .AddModel(TestModels.Conformance)
            .AddModel(new ObjectModel([Extra]))
            .AddPlugin(plugin)
            .ConfigureOptions(o => o with { TimeProvider = Clock })
            .OpenAsync();

    /// <summary>
    /// A plugin's system object is created by the driver like any other and written in the same transaction as the data,
    /// from the first write on; only the system context reaches it.
    /// </summary>
    [Test]
    public async Task Plugin_system_objects_are_created_and_written_with_the_data()
    {
        var plugin = new KitLogPlugin();
        var database = await OpenWithPluginAsync(plugin);
        Assert.That(database.Model.Find(KitLogPlugin.Log.Name)?.IsSystem, Is.True);
        Assert.That(database.Model.Find(Extra.Name), Is.Not.Null, "models compose");

        await database.Session.WithOrigin(new WriteOrigin { ClientId = "c", MutationId = "m7" }).Object(TestModels.Note.Name)
            .CreateAsync(R(("id", "p1"), ("title", "first write")));
        await database.TransactionAsync(async (session, ct) =>
        {
            await session.Object(Extra.Name).CreateAsync(R(("id", "e1"), ("label", "x")), ct);
            await session.Object(TestModels.Note.Name).DeleteAsync("p1", ct);
        });

        var log = await database.System.Object(KitLogPlugin.Log.Name).FindAsync(new Query { OrderBy = [new SortSpec("position")] });
        Assert.That(log.Select(static r => $"{r["position"]}:{r["operation"]}:{r["object_name"]}:{r["record_id"]}:{r["mutation_id"] ?? "-"}"), Is.EqualTo(new[]
        {
            "1:Create:tck_note:p1:m7", "2:Create:tck_extra:e1:-", "3:Delete:tck_note:p1:-",
        }));
        Assert.That(plugin.CreatesSeen, Is.EqualTo(2), "the plugin's hook saw every create since open");
        var error = await ThrowsAsync(ErrorCodes.Forbidden, null, () => database.ForUser("u1").Object(KitLogPlugin.Log.Name).CountAsync());
        Assert.That(error.Details[0].Reason, Is.EqualTo("system_object"));
    }

    /// <summary>
    /// An object name or table claimed twice, a table the driver keeps for itself, a plugin object not marked as system,
    /// or a plugin added twice is refused before the store is touched.
    /// </summary>
    [Test]
    public async Task Collisions_are_refused_at_open()
    {
        var counting = new InitializeCountingDriver(Driver);
        Task Open(Func<ObjectQLDatabaseBuilder, ObjectQLDatabaseBuilder> configure) =>
            configure(ObjectQLDatabase.CreateBuilder().UseDriver(counting).AddModel(TestModels.Conformance)).OpenAsync();

        var twice = await ThrowsAsync(ErrorCodes.InvalidRequest, TestModels.Note.Name, () =>
            Open(b => b.AddModel(new ObjectModel([TestModels.Note]))));
        Assert.That(twice.Message, Does.Contain("model 1").And.Contain("model 2"));
        var pluginClash = await ThrowsAsync(ErrorCodes.InvalidRequest, TestModels.User.Name, () =>
            Open(b => b.AddPlugin(new KitLogPlugin("clash", KitLogPlugin.AsSystem(TestModels.User)))));
        Assert.That(pluginClash.Message, Does.Contain("plugin 'clash'"));
        var table = await ThrowsAsync(ErrorCodes.InvalidRequest, "tck_other", () =>
            Open(b => b.AddModel(new ObjectModel([new ObjectDefinition { Name = "tck_other", Label = "Other", Fields = [], TableName = "TCK_NOTE" }]))));
        Assert.That(table.Details[0].Reason, Is.EqualTo("duplicate_table"));
        foreach (var own in DriverCapabilities.InternalTablesOf(counting))
        {
            var inModel = await ThrowsAsync(ErrorCodes.InvalidRequest, "tck_own", () =>
                Open(b => b.AddModel(new ObjectModel([new ObjectDefinition { Name = "tck_own", Label = "Own", Fields = [], TableName = own.ToUpperInvariant() }]))));
            Assert.That(inModel.Details[0].Reason, Is.EqualTo("reserved_table"));
            Assert.That(inModel.Message, Does.Contain($"'{own.ToUpperInvariant()}'"));
            var inPlugin = await ThrowsAsync(ErrorCodes.InvalidRequest, own, () =>
                Open(b => b.AddPlugin(new KitLogPlugin("own", KitLogPlugin.AsSystem(TestModels.Object(own, TestModels.Field("label", FieldType.Text)))))));
            Assert.That(inPlugin.Details[0].Reason, Is.EqualTo("reserved_table"));
        }
        var notSystem = await ThrowsAsync(ErrorCodes.InvalidRequest, Extra.Name, () =>
            Open(b => b.AddPlugin(new KitLogPlugin("plain", Extra))));
        Assert.That(notSystem.Details[0].Reason, Is.EqualTo("invalid_system_object"));
        var samePlugin = await ThrowsAsync(ErrorCodes.InvalidRequest, null, () =>
            Open(b => b.AddPlugin(new KitLogPlugin()).AddPlugin(new KitLogPlugin())));
        Assert.That(samePlugin.Details[0].Reason, Is.EqualTo("duplicate_plugin"));
        await ThrowsAsync(ErrorCodes.InvalidRequest, null, () => ObjectQLDatabase.CreateBuilder().AddModel(TestModels.Conformance).OpenAsync());
        Assert.That(counting.Initialized, Is.Zero, "nothing reached the store");
    }

    private sealed class InitializeCountingDriver(IObjectQLDriver inner) : PassThroughDriver(inner)
    {
        public int Initialized { get; private set; }

        public override Task InitializeAsync(ObjectModel model, CancellationToken cancellationToken = default)
        {
            Initialized++;
            return base.InitializeAsync(model, cancellationToken);
        }
    }
}
