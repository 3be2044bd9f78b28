using ObjectQL.Entities.Generated;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using static ObjectQL.Testing.TestModels;

namespace ObjectQL.Testing;

/// <summary>
/// The objects of the kit's computed-field cases: <c>tck_project</c> with formula and summary fields over its
/// <c>tck_task</c> children. The formulas are written as the generator compiles them (docs/computed-fields.md).
/// </summary>
public static class ComputedTestModels
{
    /// <summary>
    /// <c>tck_project</c>: name, budget (currency), hours, active; formulas <c>f_cost</c> (<c>hours * 10 + budget</c>),
    /// <c>f_per_hour</c> (<c>budget / hours</c>), <c>f_tag</c> (<c>name &amp; '-' &amp; IF(active, 'on', 'off')</c>),
    /// <c>f_big</c> (<c>hours &gt; 5</c>), <c>f_loud</c> (<c>UPPER(name)</c>, no SQL form); summaries of its tasks'
    /// hours (count, sum, min, max, avg) and <c>done_count</c> (tasks with <c>done = true</c>). Members read every project.
    /// </summary>
    public static ObjectDefinition Project { get; } = Define("tck_project", ReadableBy("tck_project", null),
        Field("name", FieldType.Text),
        Field("budget", FieldType.Currency) with { Precision = 12, Scale = 2 },
        Field("hours", FieldType.Number),
        Field("active", FieldType.Boolean),
        Formula("f_cost", FieldType.Number, ["budget", "hours"],
            static r => FormulaValues.Finite((FormulaValues.Number(r, "hours") * 10d) + FormulaValues.Number(r, "budget")),
            "((\"hours\" * CAST(10.0 AS DOUBLE PRECISION)) + CAST(\"budget\" AS DOUBLE PRECISION))"),
        Formula("f_per_hour", FieldType.Number, ["budget", "hours"],
            static r => FormulaValues.Finite(FormulaValues.Divide(FormulaValues.Number(r, "budget"), FormulaValues.Number(r, "hours"))),
            "(CAST(\"budget\" AS DOUBLE PRECISION) / NULLIF(\"hours\", 0))"),
        Formula("f_tag", FieldType.Text, ["active", "name"],
            static r => FormulaValues.Concat(FormulaValues.Concat(FormulaValues.Text(r, "name"), "-"), FormulaValues.Boolean(r, "active") == true ? "on" : "off"),
            "(COALESCE((COALESCE(\"name\", '') || COALESCE('-', '')), '') || COALESCE((CASE WHEN \"active\" THEN 'on' ELSE 'off' END), ''))"),
        Formula("f_big", FieldType.Boolean, ["hours"],
            static r => FormulaValues.Compare(FormulaValues.Number(r, "hours"), 5d) is int c ? c > 0 : null,
            "(\"hours\" > CAST(5.0 AS DOUBLE PRECISION))"),
        Formula("f_loud", FieldType.Text, ["name"], static r => FormulaValues.Text(r, "name")?.ToUpperInvariant(), null),
        Summary("task_count", AggregateFunction.Count, null),
        Summary("task_hours", AggregateFunction.Sum, "hours"),
        Summary("task_min", AggregateFunction.Min, "hours"),
        Summary("task_max", AggregateFunction.Max, "hours"),
        Summary("task_avg", AggregateFunction.Avg, "hours"),
        Summary("done_count", AggregateFunction.Count, null) with
        {
            Summary = new SummaryDefinition { Object = "tck_task", Function = AggregateFunction.Count, Filter = new Filter.Comparison("done", FilterOperator.Eq, true) },
        });

    /// <summary><c>tck_task</c>: project (master_detail), hours, done, owner. Members read only the tasks they own.</summary>
    public static ObjectDefinition Task { get; } = Define("tck_task",
        ReadableBy("tck_task", new RecordRule
        {
            Name = "own_tasks",
            Condition = new Condition { Field = "owner", Operator = "=", Value = "$current_user.id" },
            Read = true,
        }),
        Field("project", FieldType.MasterDetail) with { ReferenceTo = "tck_project" },
        Field("hours", FieldType.Number),
        Field("done", FieldType.Boolean),
        Field("owner", FieldType.Text));

    /// <summary>The model of the computed-field cases.</summary>
    public static ObjectModel Model { get; } = new([Project, Task]);

    private static ObjectDefinition Define(string name, PermissionDefinition permissions, params FieldDefinition[] fields) =>
        new() { Name = name, Label = Object(name).Label, Fields = fields, Permissions = permissions };

    private static FieldDefinition Formula(string name, FieldType dataType, string[] inputs, Func<Record, object?> compute, string? sql) =>
        Field(name, FieldType.Formula) with { DataType = dataType, Formula = new FormulaDefinition { Compute = compute, Fields = inputs, Sql = sql } };

    private static FieldDefinition Summary(string name, AggregateFunction function, string? field) =>
        Field(name, FieldType.Summary) with { Summary = new SummaryDefinition { Object = "tck_task", Function = function, Field = field } };

    private static PermissionDefinition ReadableBy(string objectName, RecordRule? rule) => new()
    {
        Name = objectName + "_permissions",
        Object = objectName,
        Roles = ["member"],
        ObjectPermissions = new ObjectPermissions { Read = ["member"] },
        RecordRules = rule is null ? [] : [rule],
    };
}
