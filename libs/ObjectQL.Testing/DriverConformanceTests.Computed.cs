using NUnit.Framework;
using ObjectQL.Drivers;
using ObjectQL.Querying;

namespace ObjectQL.Testing;

public abstract partial class DriverConformanceTests
{
    // Opens over the kit's driver like the auto_number cases; the kit's TearDown disposes the driver.
    private Task<ObjectQLDatabase> OpenComputedAsync() => ObjectQLDatabase.OpenAsync(Driver, ComputedTestModels.Model, CreateOptions());

    private static async Task<Dictionary<string, string>> SeedProjectsAsync(ObjectQLDatabase db)
    {
        var projects = db.Object("tck_project");
        var ids = new Dictionary<string, string>();
        foreach (var (name, budget, hours, active) in new[] { ("alpha", 100.5m, 2.0, true), ("beta", 40m, 8.0, false), ("gamma", 0m, 0.0, true), ("delta", 10m, (double?)null, (bool?)null) })
        {
            var created = await projects.CreateAsync(R(("name", name), ("budget", budget), ("hours", hours), ("active", active)));
            ids[name] = created.Id!;
        }
        return ids;
    }

    private static async Task<IReadOnlyList<string?>> NamesAsync(ObjectQLDatabase db, Query query) =>
        (await db.Object("tck_project").FindAsync(query)).Select(static r => (string?)r["name"]).ToList();

    /// <summary>Formulas are computed from the stored fields on find and findOne; blank inputs and division by zero give null.</summary>
    [Test]
    public async Task Formula_values_are_computed_on_every_read()
    {
        var db = await OpenComputedAsync();
        var ids = await SeedProjectsAsync(db);
        var alpha = await db.Object("tck_project").FindOneAsync(ids["alpha"]);
        Assert.Multiple(() =>
        {
            Assert.That(alpha!["f_cost"], Is.EqualTo(120.5));
            Assert.That(alpha["f_per_hour"], Is.EqualTo(50.25));
            Assert.That(alpha["f_tag"], Is.EqualTo("alpha-on"));
            Assert.That(alpha["f_big"], Is.EqualTo(false));
            Assert.That(alpha["f_loud"], Is.EqualTo("ALPHA"));
        });
        var rows = (await db.Object("tck_project").FindAsync(new Query { OrderBy = [new SortSpec("name", SortDirection.Ascending)] })).ToDictionary(r => (string)r["name"]!);
        Assert.Multiple(() =>
        {
            Assert.That(rows["gamma"]["f_per_hour"], Is.Null, "division by zero is blank");
            Assert.That(rows["delta"]["f_cost"], Is.Null, "a blank input makes arithmetic blank");
            Assert.That(rows["delta"]["f_tag"], Is.EqualTo("delta-off"), "IF with a blank condition takes the else branch");
            Assert.That(rows["delta"]["f_big"], Is.Null, "a comparison with blank is blank");
            Assert.That(rows["beta"]["f_big"], Is.EqualTo(true));
        });
    }

    /// <summary>
    /// A create's and an update's returned record and their after-hooks carry the formula values a read would; the change
    /// event carries the stored record (formulas are not data: the sync change log keeps stored fields only).
    /// </summary>
    [Test]
    public async Task Write_results_and_after_hooks_carry_formula_values_and_change_events_stay_stored()
    {
        var db = await OpenComputedAsync();
        var seen = new List<object?>();
        db.Hooks.After(HookOperation.Create, "tck_project", (context, _) =>
        {
            seen.Add((context.Result as Record)?["f_cost"]);
            return ValueTask.CompletedTask;
        });
        db.Hooks.After(HookOperation.Update, "tck_project", (context, _) =>
        {
            seen.Add((context.Result as Record)?["f_tag"]);
            return ValueTask.CompletedTask;
        });
        var changes = new List<ChangeEvent>();
        db.Changes.Subscribe((change, _) =>
        {
            lock (changes)
            {
                changes.Add(change);
            }
            return ValueTask.CompletedTask;
        });
        var projects = db.Object("tck_project");
        var created = await projects.CreateAsync(R(("name", "alpha"), ("budget", 100.5m), ("hours", 2.0), ("active", true)));
        var updated = await projects.UpdateAsync(created.Id!, R(("active", false)));
        var unchanged = await projects.UpdateAsync(created.Id!, R());
        await projects.CreateAsync(R(("name", "beta"), ("budget", 1m), ("hours", 0.0)));
        var read = await projects.FindOneAsync(created.Id!);
        Assert.Multiple(() =>
        {
            Assert.That((created["f_cost"], created["f_tag"], created["f_loud"]), Is.EqualTo(((object?)120.5, (object?)"alpha-on", (object?)"ALPHA")));
            Assert.That((updated["f_tag"], updated["f_per_hour"]), Is.EqualTo(((object?)"alpha-off", (object?)50.25)));
            Assert.That(unchanged["f_tag"], Is.EqualTo("alpha-off"), "an empty patch returns the record as stored, with its formulas");
            Assert.That(updated["f_tag"], Is.EqualTo(read!["f_tag"]));
            Assert.That(seen, Is.EqualTo(new object?[] { 120.5, "alpha-off", 1.0 }));
            Assert.That(changes.Select(static c => c.Data!.Contains("f_cost")), Has.All.False);
        });
    }

    /// <summary>Filters and sorts on formulas with an SQL form give the same answers on every store.</summary>
    [Test]
    public async Task Formula_filters_and_sorts_agree_with_the_computed_values()
    {
        var db = await OpenComputedAsync();
        await SeedProjectsAsync(db);
        var byCost = new Query { OrderBy = [new SortSpec("f_cost", SortDirection.Descending), new SortSpec("name", SortDirection.Ascending)] };
        Assert.That(await NamesAsync(db, byCost), Is.EqualTo(new[] { "alpha", "beta", "gamma", "delta" }));
        Assert.That(await NamesAsync(db, new Query { Where = new Filter.Comparison("f_cost", FilterOperator.Gt, 100.0), OrderBy = [new SortSpec("name", SortDirection.Ascending)] }),
            Is.EqualTo(new[] { "alpha", "beta" }));
        Assert.That(await NamesAsync(db, new Query { Where = new Filter.Comparison("f_tag", FilterOperator.Eq, "beta-off") }), Is.EqualTo(new[] { "beta" }));
        Assert.That(await NamesAsync(db, new Query { Where = new Filter.Comparison("f_tag", FilterOperator.StartsWith, "ga") }), Is.EqualTo(new[] { "gamma" }));
        Assert.That(await NamesAsync(db, new Query { Where = new Filter.Comparison("f_big", FilterOperator.Eq, true) }), Is.EqualTo(new[] { "beta" }));
        Assert.That(await NamesAsync(db, new Query { Where = new Filter.Comparison("f_per_hour", FilterOperator.Null, true), OrderBy = [new SortSpec("name", SortDirection.Ascending)] }),
            Is.EqualTo(new[] { "delta", "gamma" }));
        Assert.That(await NamesAsync(db, new Query { Where = new Filter.Comparison("f_per_hour", FilterOperator.Between, new object?[] { 5.0, 60.0 }), OrderBy = [new SortSpec("f_per_hour", SortDirection.Ascending)] }),
            Is.EqualTo(new[] { "beta", "alpha" }));
        Assert.That(await db.Object("tck_project").CountAsync(new Filter.Comparison("f_cost", FilterOperator.Lte, 100.0)), Is.EqualTo(1));
    }

    /// <summary>A formula without an SQL form, or a summary, cannot be filtered or sorted on: VALIDATION_ERROR naming it.</summary>
    [Test]
    public async Task Filtering_on_a_formula_without_an_SQL_form_or_a_summary_is_a_validation_error()
    {
        var db = await OpenComputedAsync();
        var projects = db.Object("tck_project");
        await ThrowsAsync(ErrorCodes.ValidationError, "f_loud", () => projects.FindAsync(new Query { Where = new Filter.Comparison("f_loud", FilterOperator.Eq, "A") }));
        await ThrowsAsync(ErrorCodes.ValidationError, "f_loud", () => projects.FindAsync(new Query { OrderBy = [new SortSpec("f_loud", SortDirection.Ascending)] }));
        await ThrowsAsync(ErrorCodes.ValidationError, "task_count", () => projects.CountAsync(new Filter.Comparison("task_count", FilterOperator.Gt, 1.0)));
        await ThrowsAsync(ErrorCodes.InvalidRequest, "f_cost", () => projects.CreateAsync(R(("f_cost", 1.0))));
    }

    /// <summary>A projection may name computed fields: the store reads their inputs, the answer holds what was asked.</summary>
    [Test]
    public async Task Projection_of_computed_fields_returns_them_without_their_inputs()
    {
        var db = await OpenComputedAsync();
        var ids = await SeedProjectsAsync(db);
        await db.Object("tck_task").CreateAsync(R(("project", ids["alpha"]), ("hours", 1.5)));
        var rows = await db.Object("tck_project").FindAsync(new Query { Fields = ["f_cost", "task_hours"], Where = new Filter.Comparison("name", FilterOperator.Eq, "alpha") });
        Assert.That(rows, Has.Count.EqualTo(1));
        Assert.That(rows[0].Fields.Order(StringComparer.Ordinal), Is.EqualTo(new[] { "f_cost", "id", "task_hours" }));
        Assert.That(rows[0]["f_cost"], Is.EqualTo(120.5));
        Assert.That(rows[0]["task_hours"], Is.EqualTo(1.5));
    }

    /// <summary>Summaries: count, sum, min, max and avg of the children, filtered; a parent without children gets 0 and nulls.</summary>
    [Test]
    public async Task Summaries_roll_up_children_and_are_blank_for_none()
    {
        var db = await OpenComputedAsync();
        var ids = await SeedProjectsAsync(db);
        var tasks = db.Object("tck_task");
        await tasks.CreateManyAsync([
            R(("project", ids["alpha"]), ("hours", 1.5), ("done", true)),
            R(("project", ids["alpha"]), ("hours", 4.0), ("done", false)),
            R(("project", ids["alpha"]), ("hours", null), ("done", true)),
            R(("project", ids["beta"]), ("hours", 3.0), ("done", false)),
        ]);
        var rows = (await db.Object("tck_project").FindAsync(Query.All)).ToDictionary(r => (string)r["name"]!);
        Assert.Multiple(() =>
        {
            Assert.That(Summaries(rows["alpha"]), Is.EqualTo(new object?[] { 3.0, 5.5, 1.5, 4.0, 2.75, 2.0 }));
            Assert.That(Summaries(rows["beta"]), Is.EqualTo(new object?[] { 1.0, 3.0, 3.0, 3.0, 3.0, 0.0 }));
            Assert.That(Summaries(rows["gamma"]), Is.EqualTo(new object?[] { 0.0, null, null, null, null, 0.0 }));
        });
        var one = await db.Object("tck_project").FindOneAsync(ids["beta"]);
        Assert.That(one!["task_avg"], Is.TypeOf<double>().And.EqualTo(3.0));
    }

    /// <summary>Summaries count only the children the caller may read: record rules apply to the roll-up.</summary>
    [Test]
    public async Task Summaries_respect_the_callers_record_rules_on_children()
    {
        var db = await OpenComputedAsync();
        var ids = await SeedProjectsAsync(db);
        await db.Object("tck_task").CreateManyAsync([
            R(("project", ids["alpha"]), ("hours", 1.0), ("owner", "u1")),
            R(("project", ids["alpha"]), ("hours", 2.0), ("owner", "u2")),
            R(("project", ids["alpha"]), ("hours", 4.0), ("owner", "u1")),
        ]);
        var asU1 = await db.ForUser("u1", "member").Object("tck_project").FindOneAsync(ids["alpha"]);
        var asU2 = (await db.ForUser("u2", "member").Object("tck_project").FindAsync(new Query { Where = new Filter.Comparison("name", FilterOperator.Eq, "alpha") })).Single();
        Assert.Multiple(() =>
        {
            Assert.That((asU1!["task_count"], asU1["task_hours"]), Is.EqualTo((2.0, 5.0)));
            Assert.That((asU2["task_count"], asU2["task_hours"]), Is.EqualTo((1.0, 2.0)));
        });
    }

    private static object?[] Summaries(Record row) =>
        [row["task_count"], row["task_hours"], row["task_min"], row["task_max"], row["task_avg"], row["done_count"]];
}
