using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using ObjectQL.Browser.Interop;
using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Sql;

namespace ObjectQL.Browser;

// A pull's pages applied in the Worker (objectql-pull.js): each step is one marked statement whose text carries the
// step and the plan's number, and whose one argument is the page's bytes, handed to the Worker as they arrived (the
// Worker decodes them; a string made here cost the interpreter a decode and three copies of the page). The plan (the
// set-based statements of the tables the pull writes, the JSON type of every field a change may carry) is written once
// per plan and rides with the first step that names it; the Worker keeps it under its number (a plan it no longer holds
// refuses the step, and the page goes the client's way). The statements are the driver's own (JsonRowsSql, the staging
// row's insert), so the rows the Worker writes are those the client's own path writes through this driver.
public sealed partial class BrowserSqliteDriver : IPulledPagesDriver
{
    private const string PullMarker = "objectql:pull ";

    // Plan numbers are unique across the page's drivers: one Worker serves them all.
    private static int s_lastPlan;

    private readonly ConditionalWeakTable<PulledPagesPlan, SentPlan> _plans = new();

    /// <inheritdoc />
    public async Task<string> RunPullStepAsync(PulledPagesPlan plan, string step, byte[]? body, IDriverTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(step);
        var sent = _plans.GetValue(plan, static _ => new SentPlan(Interlocked.Increment(ref s_lastPlan)));
        var text = sent.Held ? $$"""{"plan":{{sent.Number}},"step":{{step}}}""" : StepText(sent.Number, PlanText(plan), step);
        var statement = new SqlStatement(PullMarker + text, [new SqlArgument(body, SqlValueKind.Text)]);
        var answer = await Executor.QueryAsync(statement, 0, static async (reader, _, ct) =>
        {
            await reader.ReadAsync(ct).ConfigureAwait(false);
            return reader.GetString(0);
        }, PullTransaction(transaction), cancellationToken).ConfigureAwait(false);
        // Held from the first step the Worker answered: it keeps a plan before it runs the step.
        sent.Held = true;
        return answer;
    }

    private static string StepText(int number, string plan, string step) => $$"""{"plan":{{number}},"definition":{{plan}},"step":{{step}}}""";

    private sealed class SentPlan(int number)
    {
        public int Number { get; } = number;

        public bool Held { get; set; }
    }

    private ISqlTransaction? PullTransaction(IDriverTransaction? transaction) =>
        transaction is null ? null
        : transaction is ISqlTransaction own && ReferenceEquals(own.Executor, Executor) ? own
        : throw ObjectQLException.InvalidRequest($"The transaction was not started by this {Name} driver.", null, "foreign_transaction");

    private string PlanText(PulledPagesPlan plan)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("system");
            foreach (var name in SystemFields.All)
            {
                writer.WriteStringValue(name);
            }
            writer.WriteEndArray();
            writer.WriteStartObject("objects");
            foreach (var target in plan.Objects)
            {
                WriteObject(writer, target);
            }
            writer.WriteEndObject();
            WriteCopies(writer, TableFor(plan.Records));
            WriteStaging(writer, TableFor(plan.Staging));
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // The object's set-based create and the JSON type each of its stored fields takes (the create reads text-like
    // fields and booleans only: CanReadFromJson).
    private void WriteObject(Utf8JsonWriter writer, PulledObject target)
    {
        writer.WriteStartObject(target.Definition.Name);
        writer.WriteStartObject("fields");
        foreach (var field in target.Definition.Fields)
        {
            if (field.IsComputed)
            {
                continue;
            }
            if (!CanReadFromJson(field))
            {
                throw ObjectQLException.InvalidRequest(
                    $"Field '{field.Name}' of '{target.Definition.Name}' cannot be read from JSON by the {Name} driver; its pulls are applied by the client.", field.Name, "unsupported");
            }
            writer.WriteString(field.Name, field.Type == FieldType.Boolean ? "boolean" : "text");
        }
        writer.WriteEndObject();
        // The Worker counts the rows the statement changed: the ids need not come back.
        var create = JsonRowsSql.Insert(TableFor(target.Definition), target.Create with { Json = string.Empty, IdPath = "$.id", ValuesPath = "$.data" }, returning: false);
        WriteStatement(writer, "insert", create);
        writer.WriteEndObject();
    }

    // The statement's text and its arguments after the first (the rows' JSON, which the Worker supplies). The Worker's
    // SQLite (3.51 or later) walks the rows as JSONB: each column's path is then looked up in the element's binary form
    // instead of parsing the element's text again for every column, twice as fast for a pull, the same values.
    private static void WriteStatement(Utf8JsonWriter writer, string name, SqlStatement statement)
    {
        writer.WriteString(name, statement.Text.Replace(" FROM json_each(", " FROM jsonb_each(", StringComparison.Ordinal));
        var arguments = new ArgumentText();
        for (var i = 1; i < statement.Arguments.Count; i++)
        {
            arguments.Append(statement.Arguments[i].Value);
        }
        writer.WriteString("args", arguments.ToStringAndReturn());
    }

    // The synced copies of a set, inserted one row at a time by one prepared statement whose parameters are the named
    // columns in order: the Worker binds each value from the bytes it built (no JSON for SQLite to parse and write back
    // as text). The store applies a set only while it holds no copy, so the copies are inserted, not upserted; a copy
    // that conflicts anyway is left out (the Worker then counts fewer rows than it wrote and leaves the set to the
    // client). The other columns (the system fields) stay null, as the client's own upsert leaves them.
    private static void WriteCopies(Utf8JsonWriter writer, SqlTable records)
    {
        string[] written = [SystemFields.Id, "object_name", "record_id", "version", "clock", "field_clocks", "image", "deleted"];
        var columns = string.Join(", ", written.Select(name => records.GetColumn(name).QuotedName));
        var values = string.Join(", ", written.Select((_, at) => records.Dialect.Parameter(at)));
        writer.WriteStartObject("records");
        writer.WriteString("insert", $"INSERT INTO {records.QuotedName} ({columns}) VALUES ({values}) ON CONFLICT DO NOTHING");
        writer.WriteStartArray("columns");
        foreach (var name in written)
        {
            writer.WriteStringValue(records.GetColumn(name).Name);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteStaging(Utf8JsonWriter writer, SqlTable staging)
    {
        var id = staging.Id.QuotedName;
        writer.WriteStartObject("staging");
        writer.WriteString("count", $"SELECT COUNT(*) FROM {staging.QuotedName}");
        writer.WriteString("ids", $"SELECT {id} FROM {staging.QuotedName} ORDER BY {staging.GetColumn("position").QuotedName}");
        writer.WriteString("text", $"SELECT {staging.GetColumn("change").QuotedName} FROM {staging.QuotedName} WHERE {id} = ?1");
        writer.WriteString("clear", $"DELETE FROM {staging.QuotedName}");
        writer.WriteString("insert", staging.InsertSql);
        writer.WriteStartArray("columns");
        foreach (var column in staging.Columns)
        {
            writer.WriteStringValue(column.Name);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
