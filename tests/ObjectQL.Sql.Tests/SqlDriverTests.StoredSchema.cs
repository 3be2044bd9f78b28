using ObjectQL.Metadata;

namespace ObjectQL.Sql.Tests;

public abstract partial class SqlDriverTests
{
    private Task<IReadOnlyList<string>> TrustedSyncAsync(ISqlExecutor executor, params ObjectDefinition[] definitions) =>
        SchemaSynchronizer.SyncAsync(executor, [.. definitions.Select(Driver.TableFor)], null, foreignKeys: false, trustStored: true, CancellationToken.None);

    [Test]
    public async Task A_trusted_store_whose_stored_schema_fingerprint_matches_the_model_reads_it_and_runs_nothing_else()
    {
        var first = new CountingExecutor(Driver.Executor);
        var planned = await TrustedSyncAsync(first, Definition);
        var again = new CountingExecutor(Driver.Executor);
        var skipped = await TrustedSyncAsync(again, Definition);
        Assert.Multiple(() =>
        {
            Assert.That(planned, Has.All.StartsWith("CREATE ").And.All.Contains("IF NOT EXISTS"), "the fingerprint's row is not among the statements returned");
            Assert.That(first.Transactions, Is.EqualTo(1), "the first trusted open checks every table and stores the fingerprint");
            Assert.That(skipped, Is.Empty);
            Assert.That((again.Queries, again.Executions, again.Transactions), Is.EqualTo((2, 0, 0)), "the states' table looked up and read, nothing more");
        });
    }

    [Test]
    public async Task A_changed_model_on_a_trusted_store_is_checked_and_synced_and_its_own_fingerprint_then_skips()
    {
        await TrustedSyncAsync(Driver.Executor, Definition);
        await InsertAsync(TestModel.Row("a", "kept"));
        var changed = TestModel.Task(edit: fields => [.. fields, TestModel.Field("note_added", FieldType.Text)]);
        var synced = new CountingExecutor(Driver.Executor);
        var statements = await TrustedSyncAsync(synced, changed);
        var again = new CountingExecutor(Driver.Executor);
        await TrustedSyncAsync(again, changed);
        Assert.Multiple(async () =>
        {
            Assert.That(statements, Has.Some.Contains("note_added"));
            Assert.That(await ColumnsAsync(), Does.Contain("note_added"));
            Assert.That((again.Queries, again.Executions), Is.EqualTo((2, 0)));
            Assert.That((await Driver.FindOneAsync(Definition, "a"))!["title"], Is.EqualTo("kept"));
        });
    }

    [Test]
    public async Task A_store_that_is_not_trusted_checks_every_table_beside_a_stored_fingerprint_and_reads_no_object_from_it()
    {
        await TrustedSyncAsync(Driver.Executor, Definition);
        var states = await SchemaStates.ReadAsync(Driver.Executor, CancellationToken.None);
        var untrusted = new CountingExecutor(Driver.Executor);
        await SchemaSynchronizer.SyncAsync(untrusted, [Driver.TableFor(Definition)], null, foreignKeys: false, trustStored: false, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(states.Keys, Is.EqualTo(new[] { Definition.Name }));
            Assert.That(untrusted.Queries, Is.GreaterThan(2), "the table's columns are read");
        });
    }

    [Test]
    public async Task A_trusted_first_open_records_every_new_object_and_the_fingerprint_in_one_statement()
    {
        var first = new ObjectDefinition { Name = "trusted_card", Label = "Card", Fields = [TestModel.Field("label", FieldType.Text)] };
        var second = new ObjectDefinition { Name = "trusted_tag", Label = "Tag", Fields = [TestModel.Field("label", FieldType.Text)] };
        var statements = await TrustedSyncAsync(Driver.Executor, Definition, first, second);
        var states = await SchemaStates.ReadAsync(Driver.Executor, CancellationToken.None);
        var again = new CountingExecutor(Driver.Executor);
        await TrustedSyncAsync(again, Definition, first, second);
        Assert.Multiple(() =>
        {
            Assert.That(statements.Count(s => s.StartsWith("INSERT INTO _objectql_schema", StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That(states.Keys, Is.EquivalentTo(new[] { Definition.Name, first.Name, second.Name }));
            Assert.That((again.Queries, again.Executions), Is.EqualTo((2, 0)));
        });
    }

    [Test]
    public async Task An_untrusted_open_that_changes_the_schema_forgets_the_fingerprint_so_the_next_trusted_open_checks_again()
    {
        await TrustedSyncAsync(Driver.Executor, Definition);
        // Another model, opened without trust, drops the unique index the trusted model declares.
        var relaxed = Replacing("code", f => f with { Unique = false });
        await SchemaSynchronizer.SyncAsync(Driver.Executor, [Driver.TableFor(relaxed)], null, foreignKeys: false, trustStored: false, CancellationToken.None);
        var stored = await SchemaStates.ReadStoredAsync(Driver.Executor, CancellationToken.None);
        var restored = await TrustedSyncAsync(Driver.Executor, Definition);
        Assert.Multiple(async () =>
        {
            Assert.That(stored.Hash, Is.Null, "the fingerprint described the schema before the untrusted change");
            Assert.That(restored, Has.Some.Contains("task_item_code_key"), "the trusted open checked the store and put the index back");
            Assert.That(await ReadNamesAsync(IndexNames("task_item")), Does.Contain("task_item_code_key"));
        });
    }
}
