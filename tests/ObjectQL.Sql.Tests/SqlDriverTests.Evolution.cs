using ObjectQL.Metadata;

namespace ObjectQL.Sql.Tests;

/// <summary>Each change of an object file on a store that already holds rows (docs/schema-evolution.md).</summary>
public abstract partial class SqlDriverTests
{
    private static ObjectDefinition With(params FieldDefinition[] added) => TestModel.Task(edit: fields => [.. fields, .. added]);

    private static ObjectDefinition Replacing(string name, Func<FieldDefinition, FieldDefinition> change) =>
        TestModel.Task(edit: fields => [.. fields.Select(f => f.Name == name ? change(f) : f)]);

    private async Task<ObjectQLException> RefusedAsync(ObjectDefinition changed)
    {
        await using var driver = Open(Store);
        return Assert.ThrowsAsync<ObjectQLException>(() => driver.InitializeAsync(new ObjectModel([changed])))!;
    }

    private async Task<SqlDriver> ReopenAsync(params ObjectDefinition[] objects)
    {
        var driver = Open(Store);
        await driver.InitializeAsync(new ObjectModel(objects));
        return driver;
    }

    [Test]
    public async Task A_new_field_with_a_default_gives_existing_rows_the_default_required_or_not()
    {
        await InsertAsync(TestModel.Row("a", "kept"), TestModel.Row("b", "also"));
        var grown = With(
            TestModel.Field("category", FieldType.Text) with { Required = true, DefaultValue = "general" },
            TestModel.Field("stars", FieldType.Number) with { DefaultValue = 3.0 });
        await using var driver = await ReopenAsync(grown);
        var rows = await driver.FindAsync(grown, new Querying.Query());
        Assert.That(rows.Select(r => (r.Id, r["title"], r["category"], r["stars"])),
            Is.EquivalentTo(new[] { ("a", (object?)"kept", (object?)"general", (object?)3.0), ("b", "also", "general", 3.0) }));
    }

    [Test]
    public async Task A_new_required_field_without_a_default_is_refused_at_open_naming_object_and_field_and_changes_nothing()
    {
        await InsertAsync(TestModel.Row("a", "kept"));
        var error = await RefusedAsync(With(TestModel.Field("category", FieldType.Text) with { Required = true }));
        Assert.Multiple(async () =>
        {
            Assert.That(error.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
            Assert.That((error.Field, error.Details[0].Reason), Is.EqualTo(("category", "required_without_default")));
            Assert.That(error.Message, Does.Contain("'task_item' has 1 record(s)").And.Contain("Give the field a defaultValue"));
            Assert.That(await ColumnsAsync(), Does.Not.Contain("category"));
        });
    }

    [Test]
    public async Task A_new_required_field_without_a_default_is_added_to_an_empty_table()
    {
        var grown = With(TestModel.Field("category", FieldType.Text) with { Required = true });
        await using var driver = await ReopenAsync(grown);
        Assert.That(await ColumnsAsync(), Does.Contain("category"));
    }

    [Test]
    public async Task A_new_lookup_whose_default_names_no_record_is_refused_naming_the_id_and_changes_nothing()
    {
        await InsertAsync(TestModel.Row("a", "kept"));
        var owner = new ObjectDefinition { Name = "ev_owner", Label = "Owner", Fields = [TestModel.Field("name", FieldType.Text)] };
        var grown = With(new FieldDefinition { Name = "manager", Label = "Manager", Type = FieldType.Lookup, ReferenceTo = "ev_owner", DefaultValue = "o1" });

        await using (var driver = Open(Store))
        {
            var error = Assert.ThrowsAsync<ObjectQLException>(() => driver.InitializeAsync(new ObjectModel([grown, owner])))!;
            Assert.Multiple(() =>
            {
                Assert.That((error.Field, error.Details[0].Reason), Is.EqualTo(("manager", "default_not_found")));
                Assert.That(error.Message, Does.Contain("'o1'").And.Contain("no 'ev_owner' record").And.Contain("1 existing record(s)"));
            });
        }
        Assert.That(await ColumnsAsync(), Does.Not.Contain("manager"));

        await using (var withOwner = await ReopenAsync(Definition, owner))
        {
            await withOwner.InsertAsync(owner, [new Record { [SystemFields.Id] = "o1", ["name"] = "Ada" }]);
        }
        await using var reopened = await ReopenAsync(grown, owner);
        Assert.That((await reopened.FindOneAsync(grown, "a"))!["manager"], Is.EqualTo("o1"));
    }

    [Test]
    public async Task A_field_made_required_gives_rows_without_a_value_its_default()
    {
        await InsertAsync(TestModel.Row("a", null), TestModel.Row("b", "own"));
        var required = Replacing("title", f => f with { Required = true, DefaultValue = "untitled" });
        await using var driver = await ReopenAsync(required);
        Assert.Multiple(async () =>
        {
            Assert.That((await driver.FindOneAsync(required, "a"))!["title"], Is.EqualTo("untitled"));
            Assert.That((await driver.FindOneAsync(required, "b"))!["title"], Is.EqualTo("own"));
        });
    }

    [Test]
    public async Task A_field_made_required_without_a_default_is_refused_while_rows_lack_a_value()
    {
        await InsertAsync(TestModel.Row("a", null), TestModel.Row("b", "own"));
        var error = await RefusedAsync(Replacing("title", f => f with { Required = true }));
        Assert.That((error.Code, error.Field, error.Details[0].Reason), Is.EqualTo((ErrorCodes.InvalidRequest, "title", "required_with_nulls")));
        Assert.That(error.Message, Does.Contain("1 record(s) have no value"));
    }

    [Test]
    public async Task A_type_change_that_stores_values_differently_is_refused_even_where_the_column_type_fits()
    {
        // text and date are both TEXT columns in SQLite: only the recorded state tells the change.
        await InsertAsync(TestModel.Row("a", "not a date"));
        var error = await RefusedAsync(Replacing("title", f => f with { Type = FieldType.Date }));
        Assert.Multiple(async () =>
        {
            Assert.That((error.Code, error.Field), Is.EqualTo((ErrorCodes.InvalidRequest, "title")));
            Assert.That(error.Details[0].Reason, Is.AnyOf("type_changed", "incompatible_column"));
            Assert.That((await Driver.FindOneAsync(Definition, "a"))!["title"], Is.EqualTo("not a date"));
        });
    }

    [Test]
    public async Task A_type_change_that_stores_values_the_same_way_keeps_the_data()
    {
        await InsertAsync(TestModel.Row("a", "kept"));
        var changed = Replacing("title", f => f with { Type = FieldType.Textarea });
        await using var driver = await ReopenAsync(changed);
        Assert.That((await driver.FindOneAsync(changed, "a"))!["title"], Is.EqualTo("kept"));
    }

    [Test]
    public async Task Removing_a_select_option_still_in_use_is_refused_and_adding_one_is_not()
    {
        await InsertAsync(TestModel.Row("a", "x", status: "done"));
        var error = await RefusedAsync(Replacing("status", f => f with { Options = [new SelectOption { Value = "open", Label = "Open" }] }));
        Assert.That((error.Field, error.Details[0].Reason), Is.EqualTo(("status", "invalid_option")));
        Assert.That(error.Message, Does.Contain("'done'"));
        var more = Replacing("status", f => f with { Options = [.. f.Options, new SelectOption { Value = "late", Label = "Late" }] });
        await using var driver = await ReopenAsync(more);
        Assert.That((await driver.FindOneAsync(more, "a"))!["status"], Is.EqualTo("done"));
    }

    [Test]
    public async Task Removing_an_option_still_in_a_multiple_select_list_is_refused()
    {
        SelectOption Option(string value) => new() { Value = value, Label = value };
        var labels = TestModel.Field("labels", FieldType.Select, multiple: true, options: [Option("red"), Option("blue")]);
        var withLabels = With(labels);
        await using (var driver = await ReopenAsync(withLabels))
        {
            var row = TestModel.Row("a", "x");
            row["labels"] = new[] { "red", "blue" };
            await driver.InsertAsync(withLabels, [row, TestModel.Row("b", "none")]);
        }
        var error = await RefusedAsync(With(labels with { Options = [Option("red")] }));
        Assert.That((error.Field, error.Details[0].Reason), Is.EqualTo(("labels", "invalid_option")));
        Assert.That(error.Message, Does.Contain("'blue'").And.Contain("1 record(s)"));
    }

    [Test]
    public async Task Removing_unique_drops_its_index_so_equal_values_can_be_written()
    {
        var first = TestModel.Row("a");
        first["code"] = "same";
        await InsertAsync(first);
        var relaxed = Replacing("code", f => f with { Unique = false });
        await using var driver = await ReopenAsync(relaxed);
        var second = TestModel.Row("b");
        second["code"] = "same";
        await driver.InsertAsync(relaxed, [second]);
        Assert.Multiple(async () =>
        {
            Assert.That(await ReadNamesAsync(IndexNames("task_item")), Does.Not.Contain("task_item_code_key"));
            Assert.That(await driver.CountAsync(relaxed, null), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Adding_unique_over_equal_values_is_refused_saying_what_to_do()
    {
        var first = TestModel.Row("a", "same");
        await InsertAsync(first, TestModel.Row("b", "same"));
        var error = await RefusedAsync(Replacing("title", f => f with { Unique = true }));
        Assert.Multiple(async () =>
        {
            Assert.That((error.Code, error.Field), Is.EqualTo((ErrorCodes.Conflict, "title")));
            Assert.That(error.Message, Does.Contain("Make those values distinct"));
            Assert.That(await ReadNamesAsync(IndexNames("task_item")), Does.Not.Contain("task_item_title_key"));
        });
    }

    [Test]
    public async Task A_renamed_object_is_refused_and_its_table_name_keeps_the_rows()
    {
        await InsertAsync(TestModel.Row("a", "kept"));
        var renamed = TestModel.Task(name: "todo_entry");
        var error = await RefusedAsync(renamed);
        Assert.That(error.Details[0].Reason, Is.EqualTo("renamed_object"));
        Assert.That(error.Message, Does.Contain("tableName: task_item"));
        var kept = new ObjectDefinition { Name = "todo_entry", Label = "Todo", TableName = "task_item", Fields = renamed.Fields, Indexes = renamed.Indexes };
        await using var driver = await ReopenAsync(kept);
        Assert.That((await driver.FindOneAsync(kept, "a"))!["title"], Is.EqualTo("kept"));
    }

    [Test]
    public async Task An_index_added_to_a_table_with_many_rows_is_built_and_keeps_every_row()
    {
        const int Rows = 5000;
        await InsertAsync([.. Enumerable.Range(0, Rows).Select(i => TestModel.Row($"r{i}", $"t{i % 97}", i))]);
        var indexed = Replacing("title", f => f with { Index = true });
        await using var driver = await ReopenAsync(indexed);
        Assert.Multiple(async () =>
        {
            Assert.That(await ReadNamesAsync(IndexNames("task_item")), Does.Contain("task_item_title_idx"));
            Assert.That(await driver.CountAsync(indexed, null), Is.EqualTo(Rows));
        });
    }

    [Test]
    public async Task A_removed_field_keeps_its_values_and_gets_them_back_when_added_again()
    {
        var row = TestModel.Row("a", "kept");
        row["notes"] = "remember";
        await InsertAsync(row);
        await (await ReopenAsync(TestModel.Task(edit: fields => [.. fields.Where(f => f.Name != "notes")]))).DisposeAsync();
        var error = await RefusedAsync(Replacing("notes", f => f with { Type = FieldType.Date }));
        await using var driver = await ReopenAsync(Definition);
        Assert.Multiple(async () =>
        {
            Assert.That(error.Field, Is.EqualTo("notes"), "the removed field's former type is remembered");
            Assert.That((await driver.FindOneAsync(Definition, "a"))!["notes"], Is.EqualTo("remember"));
        });
    }
}
