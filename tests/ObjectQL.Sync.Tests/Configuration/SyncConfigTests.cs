using ObjectQL.Metadata;
using ObjectQL.Sync.Configuration;

namespace ObjectQL.Sync.Tests.Configuration;

public sealed class SyncConfigTests
{
    private static ObjectDefinition Todo(SyncSettings? sync, string name = "todo_item") => new()
    {
        Name = name,
        Label = "Todo Item",
        Fields =
        [
            new FieldDefinition { Name = "title", Label = "Title", Type = FieldType.Text },
            new FieldDefinition { Name = "done", Label = "Done", Type = FieldType.Boolean },
        ],
        Sync = sync,
    };

    [Test]
    public void Config_is_built_from_the_generated_sync_block()
    {
        var config = SyncConfig.For(Todo(new SyncSettings
        {
            Enabled = true, Strategy = SyncStrategy.Crdt, ConflictFields = ["title"], Direction = SyncDirection.Bidirectional,
            DebounceMs = 250, BatchSize = 20,
        }));
        Assert.Multiple(() =>
        {
            Assert.That(config.ObjectName, Is.EqualTo("todo_item"));
            Assert.That(config.Enabled, Is.True);
            Assert.That(config.Strategy, Is.EqualTo(SyncStrategy.Crdt));
            Assert.That(config.ConflictFields, Is.EqualTo(new[] { "title" }));
            Assert.That(config.IsConflictField("title"), Is.True);
            Assert.That(config.IsConflictField("done"), Is.False);
            Assert.That(config.DebounceMs, Is.EqualTo(250));
            Assert.That(config.BatchSize, Is.EqualTo(20));
        });
    }

    [Test]
    public void Object_without_a_sync_block_is_not_synced()
    {
        var config = SyncConfig.For(Todo(null));
        Assert.Multiple(() =>
        {
            Assert.That(config.Enabled, Is.False);
            Assert.That(config.AcceptsPush, Is.False);
            Assert.That(config.SendsChanges, Is.False);
        });
    }

    [Test]
    public void Empty_conflict_fields_means_every_field_conflicts()
    {
        var config = SyncConfig.For(Todo(new SyncSettings { Enabled = true }));
        Assert.That(config.IsConflictField("anything"), Is.True);
    }

    [TestCase(SyncDirection.Bidirectional, true, true)]
    [TestCase(SyncDirection.PushOnly, true, false)]
    [TestCase(SyncDirection.PullOnly, false, true)]
    public void Direction_decides_what_flows(SyncDirection direction, bool accepts, bool sends)
    {
        var config = SyncConfig.For(Todo(new SyncSettings { Enabled = true, Direction = direction }));
        Assert.Multiple(() =>
        {
            Assert.That(config.AcceptsPush, Is.EqualTo(accepts));
            Assert.That(config.SendsChanges, Is.EqualTo(sends));
        });
    }

    [Test]
    public void Conflict_field_that_is_not_a_field_is_an_error_naming_it()
    {
        var error = Assert.Throws<ObjectQLException>(() => SyncConfig.For(Todo(new SyncSettings { Enabled = true, ConflictFields = ["titel"] })))!;
        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
            Assert.That(error.Field, Is.EqualTo("titel"));
        });
    }

    [Test]
    public void Model_gives_one_config_per_object()
    {
        var model = new ObjectModel([Todo(new SyncSettings { Enabled = true }), Todo(null, "note")]);
        var configs = SyncConfig.ForModel(model);
        Assert.Multiple(() =>
        {
            Assert.That(configs["todo_item"].Enabled, Is.True);
            Assert.That(configs["note"].Enabled, Is.False);
        });
    }
}
