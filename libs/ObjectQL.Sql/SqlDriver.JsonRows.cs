using System.Globalization;
using System.Text;
using ObjectQL.Drivers;
using ObjectQL.Metadata;

namespace ObjectQL.Sql;

public partial class SqlDriver : IJsonRowsDriver
{
    /// <inheritdoc />
    /// <remarks>
    /// Only where the dialect reads JSON in SQL (<see cref="SqlDialect.ReadsJsonRows"/>) and the store runs statements
    /// at once (the rows inserted are read back in the statement); text-like fields whose stored form is the JSON string
    /// itself (text, textarea, markdown, html, select with text options) and booleans, without a pattern or format rule.
    /// </remarks>
    public bool CanReadFromJson(FieldDefinition field)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (!Dialect.ReadsJsonRows || TransactionModel != TransactionModel.Interactive || field.IsComputed || field.Multiple
            || field.Validation?.Pattern is not null || field.Validation?.Format is not null)
        {
            return false;
        }
        return field.Type switch
        {
            FieldType.Text or FieldType.Textarea or FieldType.Markdown or FieldType.Html or FieldType.Boolean => true,
            FieldType.Select => field.Options.All(static o => o.Value is string),
            _ => false,
        };
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> InsertFromJsonAsync(ObjectDefinition definition, JsonRows rows, IDriverTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var table = TableFor(definition);
        foreach (var column in table.Columns)
        {
            if (column.Field is { } field && !rows.Constants.ContainsKey(field.Name) && !CanReadFromJson(field))
            {
                throw ObjectQLException.InvalidRequest(
                    $"Field '{field.Name}' of '{definition.Name}' cannot be read from JSON by the {Name} driver; write these rows with InsertAsync.", field.Name, "unsupported");
            }
        }
        return await WrittenIdsAsync(table, JsonRowsSql.Insert(table, rows), transaction, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Where <see cref="CanReadFromJson"/> reads JSON at all; text-like fields, booleans and numbers (stored as REAL).</remarks>
    public bool CanUpsertFromJson(ObjectDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (!Dialect.ReadsJsonRows || TransactionModel != TransactionModel.Interactive)
        {
            return false;
        }
        return TableFor(definition).Columns.All(static c => c.Field is null || JsonRowsSql.CanUpsert(c));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> UpsertFromJsonAsync(
        ObjectDefinition definition, JsonRows rows, string? newerBy, IDriverTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (!CanUpsertFromJson(definition))
        {
            throw ObjectQLException.InvalidRequest(
                $"The rows of '{definition.Name}' cannot be written from JSON by the {Name} driver; write them with InsertAsync and UpdateAsync.", null, "unsupported");
        }
        var table = TableFor(definition);
        if (newerBy is not null && (table.FindColumn(newerBy) is not { Field: not null } column || column.Kind != SqlValueKind.Real))
        {
            throw ObjectQLException.InvalidRequest($"'{newerBy}' is not a number field of '{definition.Name}'.", newerBy, "invalid_field");
        }
        return await WrittenIdsAsync(table, JsonRowsSql.Upsert(table, rows, newerBy), transaction, cancellationToken).ConfigureAwait(false);
    }

    // Runs a statement that returns the ids of the rows it wrote.
    private async Task<IReadOnlyList<string>> WrittenIdsAsync(SqlTable table, SqlStatement statement, IDriverTransaction? transaction, CancellationToken cancellationToken)
    {
        try
        {
            return await QueryAsync(table, statement, 0, static async (reader, _, ct) =>
            {
                var ids = new List<string>();
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    ids.Add(reader.GetString(0));
                }
                return (IReadOnlyList<string>)ids;
            }, Own(transaction), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (Translate(exception, table) is { } failure)
        {
            throw failure;
        }
    }
}

// The statement of a set-based insert from a JSON array (SQLite's json_each and json_extract): one row per element, its
// columns read from the element by JSON path, the checks in the WHERE clause, conflicting rows left out (ON CONFLICT DO
// NOTHING) and the inserted ids returned.
internal static class JsonRowsSql
{
    // Without returning, the caller counts the rows the statement changed instead of reading their ids.
    public static SqlStatement Insert(SqlTable table, JsonRows rows, bool returning = true)
    {
        var dialect = table.Dialect;
        var arguments = new List<SqlArgument> { new(rows.Json, SqlValueKind.Text) };
        string Argument(SqlArgument argument)
        {
            arguments.Add(argument);
            return dialect.Parameter(arguments.Count - 1);
        }

        var select = new StringBuilder();
        var where = new StringBuilder();
        var names = new List<string>(table.Columns.Count);
        var inner = new StringBuilder("SELECT json_extract(value, ").Append(Literal(rows.IdPath)).Append(") AS c0");
        for (var i = 0; i < table.Columns.Count; i++)
        {
            var column = table.Columns[i];
            names.Add(column.QuotedName);
            select.Append(i == 0 ? string.Empty : ", ");
            if (column.Name == SystemFields.Id)
            {
                select.Append("r.c0");
                // The pipeline's id rule (RecordInput.CheckId): 1 to 128 letters, digits, '-', '_', '.' or ':'.
                where.Append("typeof(r.c0) = 'text' AND length(r.c0) BETWEEN 1 AND 128 AND r.c0 NOT GLOB '*[^A-Za-z0-9._:-]*'");
                continue;
            }
            if (rows.Constants.TryGetValue(column.Name, out var constant))
            {
                select.Append(Argument(dialect.Bind(column, constant)));
                continue;
            }
            if (column.Field is not { } field)
            {
                select.Append("NULL");
                continue;
            }
            var path = Literal(rows.ValuesPath + "." + QuotedKey(field.Name));
            var value = "r.v" + i.ToString(CultureInfo.InvariantCulture);
            var type = "r.t" + i.ToString(CultureInfo.InvariantCulture);
            var missing = rows.WhenMissing.TryGetValue(field.Name, out var fallback) && fallback is not null ? Argument(dialect.Bind(column, fallback)) : "NULL";
            inner.Append(", json_type(value, ").Append(path).Append(") AS t").Append(i)
                .Append(", CASE WHEN json_type(value, ").Append(path).Append(") IS NULL THEN ").Append(missing)
                .Append(" ELSE json_extract(value, ").Append(path).Append(") END AS v").Append(i);
            select.Append(value);
            var types = field.Type == FieldType.Boolean ? "'true', 'false', 'null'" : "'text', 'null'";
            where.Append(" AND (").Append(type).Append(" IS NULL OR ").Append(type).Append(" IN (").Append(types).Append("))");
            if (rows.CheckFieldRules)
            {
                AppendRules(where, field, value);
            }
        }
        inner.Append(" FROM json_each(").Append(dialect.Parameter(0)).Append(')');
        var text = $"INSERT INTO {table.QuotedName} ({string.Join(", ", names)}) SELECT {select} FROM json_rows AS r WHERE {where} ON CONFLICT DO NOTHING" +
            (returning ? $" RETURNING {table.Id.QuotedName}" : string.Empty);
        // Materialized: each element's paths are read once into a row. As a subquery SQLite flattened it, and every
        // reference to a column (the WHERE reads a value up to three times) read its path again: a fifth fewer steps.
        return InOrder(dialect, text, arguments, $"json_rows AS MATERIALIZED ({inner})");
    }

    // The columns an upsert of the caller's own rows reads as JSON gives them: JSON text is the stored text, true/false
    // are 1/0 as booleans are bound, and a number lands in a REAL column as the bound double does.
    public static bool CanUpsert(SqlColumn column) =>
        !column.IsList && column.Field is { IsComputed: false } field && field.Type switch
        {
            FieldType.Text or FieldType.Textarea or FieldType.Markdown or FieldType.Html or FieldType.Boolean => true,
            FieldType.Number => column.Kind == SqlValueKind.Real,
            _ => false,
        };

    // INSERT ... SELECT ... FROM json_each(?) ON CONFLICT (id) DO UPDATE: the fields of a held row replaced by the
    // element's (only when the element is newer by newerBy), the system columns left as they are, the ids written returned.
    public static SqlStatement Upsert(SqlTable table, JsonRows rows, string? newerBy)
    {
        var dialect = table.Dialect;
        var arguments = new List<SqlArgument> { new(rows.Json, SqlValueKind.Text) };
        var names = new List<string>(table.Columns.Count);
        var select = new StringBuilder("json_extract(value, ").Append(Literal(rows.IdPath)).Append(')');
        var set = new StringBuilder();
        foreach (var column in table.Columns)
        {
            names.Add(column.QuotedName);
            if (column.Name == SystemFields.Id)
            {
                continue;
            }
            select.Append(", ");
            if (rows.Constants.TryGetValue(column.Name, out var constant))
            {
                arguments.Add(dialect.Bind(column, constant));
                select.Append(dialect.Parameter(arguments.Count - 1));
                continue;
            }
            if (column.Field is not { } field)
            {
                select.Append("NULL");
                continue;
            }
            var path = Literal(rows.ValuesPath + "." + QuotedKey(field.Name));
            var missing = "NULL";
            if (rows.WhenMissing.TryGetValue(field.Name, out var fallback) && fallback is not null)
            {
                arguments.Add(dialect.Bind(column, fallback));
                missing = dialect.Parameter(arguments.Count - 1);
            }
            select.Append("CASE WHEN json_type(value, ").Append(path).Append(") IS NULL THEN ").Append(missing)
                .Append(" ELSE json_extract(value, ").Append(path).Append(") END");
            set.Append(set.Length == 0 ? string.Empty : ", ").Append(column.QuotedName).Append(" = excluded.").Append(column.QuotedName);
        }
        var text = new StringBuilder("INSERT INTO ").Append(table.QuotedName).Append(" (").AppendJoin(", ", names).Append(") SELECT ").Append(select)
            // "WHERE true" keeps SQLite from reading ON CONFLICT as a join constraint of the SELECT.
            .Append(" FROM json_each(").Append(dialect.Parameter(0)).Append(") WHERE true ON CONFLICT (").Append(table.Id.QuotedName).Append(") DO UPDATE SET ").Append(set);
        if (newerBy is not null)
        {
            var version = table.FindColumn(newerBy)!.QuotedName;
            text.Append(" WHERE ").Append(table.QuotedName).Append('.').Append(version).Append(" IS NULL OR excluded.").Append(version)
                .Append(" > ").Append(table.QuotedName).Append('.').Append(version);
        }
        text.Append(" RETURNING ").Append(table.Id.QuotedName);
        return InOrder(dialect, text.ToString(), arguments);
    }

    // The statement with its parameters named first in the order of their indexes. SQLite numbers named parameters by
    // their first appearance in the text, and these statements name the JSON (@p0) after the constants and defaults; a
    // store that binds by number (the browser store binds 1..n) then gave @p0's value to the first constant, the
    // statement failed, and every set-based write in the browser fell back to the row-by-row path. An unused common
    // table expression that names them all, in order, up front fixes the numbering on every store.
    // The statement's own common table expressions, if any, follow it.
    internal static SqlStatement InOrder(SqlDialect dialect, string text, List<SqlArgument> arguments, string? tables = null)
    {
        if (arguments.Count == 1 && tables is null)
        {
            return new SqlStatement(text, arguments);
        }
        var with = new StringBuilder("WITH ");
        if (arguments.Count > 1)
        {
            with.Append("ordered_parameters AS (SELECT ");
            for (var i = 0; i < arguments.Count; i++)
            {
                with.Append(i == 0 ? string.Empty : ", ").Append(dialect.Parameter(i));
            }
            with.Append(tables is null ? ") " : "), ");
        }
        if (tables is not null)
        {
            with.Append(tables).Append(' ');
        }
        return new SqlStatement(with.Append(text).ToString(), arguments);
    }

    // The pipeline's field rules (RecordValidator) that SQL decides exactly: required (no null, no empty text), lengths in
    // characters (SQLite's length counts characters, as the validator's runes do) and select options.
    private static void AppendRules(StringBuilder where, FieldDefinition field, string value)
    {
        var text = field.Type != FieldType.Boolean;
        if (field.Required)
        {
            where.Append(" AND ").Append(value).Append(text ? " <> ''" : " IS NOT NULL");
        }
        if (!text)
        {
            return;
        }
        if ((field.Validation?.MinLength ?? field.MinLength) is { } min)
        {
            where.Append(" AND (").Append(value).Append(" IS NULL OR length(").Append(value).Append(") >= ").Append(min.ToString(CultureInfo.InvariantCulture)).Append(')');
        }
        if ((field.Validation?.MaxLength ?? field.MaxLength) is { } max)
        {
            where.Append(" AND (").Append(value).Append(" IS NULL OR length(").Append(value).Append(") <= ").Append(max.ToString(CultureInfo.InvariantCulture)).Append(')');
        }
        if (field.Type == FieldType.Select && field.Options.Count > 0)
        {
            where.Append(" AND (").Append(value).Append(" IS NULL OR ").Append(value).Append(" IN (")
                .AppendJoin(", ", field.Options.Select(static o => Literal((string)o.Value!))).Append("))");
        }
    }

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    // A member name in a JSON path, quoted so any name reads as one key.
    private static string QuotedKey(string name) => "\"" + name + "\"";
}
