using ObjectQL.Metadata;

namespace ObjectQL.Sql.Tests;

public abstract partial class SqlDriverTests
{
    /// <summary>A statement listing the index names of a table (one text column).</summary>
    protected abstract SqlStatement IndexNames(string table);

    private async Task<string[]> ReadNamesAsync(SqlStatement statement) =>
        await Driver.Executor.QueryAsync(statement, 0, static async (reader, _, ct) =>
        {
            var names = new List<string>();
            while (await reader.ReadAsync(ct))
            {
                names.Add(reader.GetString(0));
            }
            return names.ToArray();
        }, null, CancellationToken.None);

    private Task<string[]> ColumnsAsync() => ReadNamesAsync(Driver.Dialect.ListColumns(Definition.StorageName));

    [Test]
    public async Task Schema_sync_creates_every_column_and_declared_index()
    {
        Assert.Multiple(async () =>
        {
            Assert.That(await ColumnsAsync(), Is.EquivalentTo(Driver.TableFor(Definition).Columns.Select(c => c.Name)));
            Assert.That(await ReadNamesAsync(IndexNames("task_item")), Is.SupersetOf(new[] { "task_item_code_key", "task_item_owner_idx", "task_item_done_priority_idx" }));
        });
    }

    [Test]
    public async Task Schema_sync_again_plans_only_idempotent_index_statements_and_keeps_data()
    {
        await InsertAsync(TestModel.Row("a", "kept"));
        var plan = await SchemaSynchronizer.PlanAsync(Driver.Executor, Driver.TableFor(Definition));
        await Driver.InitializeAsync(new ObjectModel([Definition]));
        Assert.Multiple(async () =>
        {
            Assert.That(plan.Select(s => s.Text), Has.All.StartsWith("CREATE "), "no table or column change");
            Assert.That(plan.Select(s => s.Text), Has.All.Contains("IF NOT EXISTS"));
            Assert.That((await Driver.FindOneAsync(Definition, "a"))!["title"], Is.EqualTo("kept"));
        });
    }

    [Test]
    public async Task The_driver_tables_are_refused_as_object_tables_and_stay_as_they_were()
    {
        Assert.That(Driver.InternalTables, Is.EqualTo(new[] { "_objectql_sequences", "_objectql_schema" }));
        await InsertAsync(TestModel.Row("kept", "kept"));
        var schemaColumns = await ReadNamesAsync(Driver.Dialect.ListColumns("_objectql_schema"));
        var squatter = new ObjectDefinition { Name = "_objectql_schema", Label = "Schema", Fields = [TestModel.Field("label", FieldType.Text)] };
        var renamed = new ObjectDefinition { Name = "counters", Label = "Counters", TableName = "_ObjectQL_Sequences", Fields = [TestModel.Field("label", FieldType.Text)] };
        foreach (var claim in new[] { squatter, renamed })
        {
            await using var driver = Open(Store);
            var error = Assert.ThrowsAsync<ObjectQLException>(() => ObjectQLDatabase.OpenAsync(driver, new ObjectModel([Definition, claim])));
            Assert.That((error!.Code, error.Field, error.Details[0].Reason), Is.EqualTo((ErrorCodes.InvalidRequest, claim.Name, "reserved_table")));
            Assert.That(error.Message, Does.Contain($"'{claim.StorageName}'").And.Contain($"the {Driver.Name} driver keeps for itself"));
        }
        Assert.That(await ReadNamesAsync(Driver.Dialect.ListColumns("_objectql_schema")), Is.EqualTo(schemaColumns));
        await using var reopened = await ObjectQLDatabase.OpenAsync(Open(Store), new ObjectModel([Definition]));
        Assert.That((await reopened.Object(Definition.Name).FindOneAsync("kept"))?["title"], Is.EqualTo("kept"));
    }

    [Test]
    public async Task A_unique_index_existing_rows_break_is_reported_against_its_own_object_and_changes_nothing()
    {
        var second = new ObjectDefinition { Name = "contact_card", Label = "Contact", Fields = [TestModel.Field("email", FieldType.Text)] };
        await Driver.InitializeAsync(new ObjectModel([Definition, second]));
        await Driver.InsertAsync(second, [new Record { ["id"] = "c1", ["email"] = "same" }, new Record { ["id"] = "c2", ["email"] = "same" }]);
        var unique = new ObjectDefinition { Name = "contact_card", Label = "Contact", Fields = [TestModel.Field("email", FieldType.Text, unique: true)] };
        await using var driver = Open(Store);
        var error = Assert.ThrowsAsync<ObjectQLException>(() => driver.InitializeAsync(new ObjectModel([Definition, unique])));
        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.Conflict));
        Assert.That(error.Message, Does.Contain("contact_card").And.Not.Contain("task_item"));
        Assert.That(await ReadNamesAsync(IndexNames("contact_card")), Has.None.Contains("email"));
    }

    [Test]
    public async Task A_new_field_adds_a_column_and_keeps_existing_rows()
    {
        await InsertAsync(TestModel.Row("a", "kept", 4));
        var grown = TestModel.Task(edit: fields => [.. fields, TestModel.Field("extra", FieldType.Number, index: true)]);
        await using var driver = Open(Store);
        await driver.InitializeAsync(new ObjectModel([grown]));
        var before = await driver.FindOneAsync(grown, "a");
        await driver.UpdateAsync(grown, [new Drivers.RecordChange("a", new Record { ["extra"] = 7.0 })]);
        var after = await driver.FindOneAsync(grown, "a");
        Assert.Multiple(() =>
        {
            Assert.That(before!["title"], Is.EqualTo("kept"));
            Assert.That(before.Contains("extra") && before["extra"] is null, Is.True);
            Assert.That(after!["extra"], Is.EqualTo(7.0));
            Assert.That(after["priority"], Is.EqualTo(4.0));
        });
    }

    [Test]
    public async Task An_incompatible_column_type_is_an_error_that_says_what_to_do_and_changes_nothing()
    {
        await InsertAsync(TestModel.Row("a", "kept", 4));
        var changed = TestModel.Task(edit: fields =>
            [.. fields.Select(f => f.Name == "priority" ? TestModel.Field("priority", FieldType.Boolean) : f), TestModel.Field("added_too", FieldType.Text)]);
        await using var driver = Open(Store);
        var error = Assert.ThrowsAsync<ObjectQLException>(() => driver.InitializeAsync(new ObjectModel([changed])));
        Assert.Multiple(async () =>
        {
            Assert.That(error!.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
            Assert.That(error.Field, Is.EqualTo("priority"));
            Assert.That(error.Message, Does.Contain("migrate the column"));
            Assert.That(await ColumnsAsync(), Does.Not.Contain("added_too"));
            Assert.That((await Driver.FindOneAsync(Definition, "a"))!["priority"], Is.EqualTo(4.0));
        });
    }

    [Test]
    public async Task Columns_the_metadata_no_longer_declares_are_left_alone()
    {
        await InsertAsync(TestModel.Row("a", "kept"));
        var shrunk = TestModel.Task(edit: fields => [.. fields.Where(f => f.Name != "notes")]);
        await using var driver = Open(Store);
        await driver.InitializeAsync(new ObjectModel([shrunk]));
        await driver.InsertAsync(shrunk, [TestModel.Row("b", "new")]);
        Assert.Multiple(async () =>
        {
            Assert.That(await ColumnsAsync(), Does.Contain("notes"));
            Assert.That((await driver.FindOneAsync(shrunk, "b"))!.Contains("notes"), Is.False);
            Assert.That(await Driver.CountAsync(Definition, null), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_check_constraint_violation_is_a_validation_error()
    {
        await ExecuteRawAsync(Store, "CREATE TABLE guarded (id TEXT NOT NULL PRIMARY KEY, amount DOUBLE PRECISION CHECK (amount >= 0))");
        var guarded = new ObjectDefinition { Name = "guarded", Label = "Guarded", Fields = [TestModel.Field("amount", FieldType.Number)] };
        await Driver.InitializeAsync(new ObjectModel([guarded]));
        var record = TestModel.Row("g");
        record.Remove("title");
        record.Remove("priority");
        record.Remove("status");
        record["amount"] = -1.0;
        var error = Assert.ThrowsAsync<ObjectQLException>(() => Driver.InsertAsync(guarded, [record]));
        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.ValidationError));
    }
}
