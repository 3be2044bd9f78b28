using System.Globalization;
using System.Text;
using ObjectQL.Querying;

namespace ObjectQL.Sql.Dialects;

/// <summary>
/// The PostgreSQL dialect: native types (numeric, timestamptz, date, time, jsonb, real[]), text columns in the "C"
/// collation so comparison and order are ordinal like the memory driver's, LIKE with an escape character for text matching.
/// </summary>
public sealed class PostgresDialect : SqlDialect
{
    private static readonly string[] Placeholders = Enumerable.Range(1, 1024).Select(i => "$" + i.ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>The shared instance.</summary>
    public static PostgresDialect Instance { get; } = new();

    /// <inheritdoc />
    public override string Name => "postgres";

    /// <inheritdoc />
    public override string Parameter(int index) =>
        index < Placeholders.Length ? Placeholders[index] : "$" + (index + 1).ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override string ColumnType(SqlColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return column.Kind switch
        {
            SqlValueKind.Text => "text COLLATE \"C\"",
            SqlValueKind.Integer => "bigint",
            SqlValueKind.Real => "double precision",
            SqlValueKind.Decimal when column.Field is { Precision: { } precision } => $"numeric({precision}, {column.Field.Scale ?? 0})",
            SqlValueKind.Decimal => "numeric",
            SqlValueKind.Boolean => "boolean",
            SqlValueKind.Date => "date",
            SqlValueKind.Time => "time",
            SqlValueKind.DateTime => "timestamptz",
            SqlValueKind.Json => "jsonb",
            SqlValueKind.RealArray => "real[]",
            _ => "text",
        };
    }

    /// <inheritdoc />
    public override bool IsCompatibleType(string databaseType, SqlColumn column)
    {
        ArgumentNullException.ThrowIfNull(databaseType);
        ArgumentNullException.ThrowIfNull(column);
        return column.Kind switch
        {
            SqlValueKind.Text => databaseType is "text" or "character varying",
            SqlValueKind.Integer => databaseType is "bigint",
            SqlValueKind.Real => databaseType is "double precision",
            SqlValueKind.Decimal => databaseType is "numeric",
            SqlValueKind.Boolean => databaseType is "boolean",
            SqlValueKind.Date => databaseType is "date",
            SqlValueKind.Time => databaseType is "time without time zone",
            SqlValueKind.DateTime => databaseType is "timestamp with time zone",
            SqlValueKind.Json => databaseType is "jsonb" or "json",
            SqlValueKind.RealArray => databaseType is "_float4",
            _ => false,
        };
    }

    /// <inheritdoc />
    public override SqlArgument BindBoolean(bool value) => new(value ? BoxedTrue : BoxedFalse, SqlValueKind.Boolean);

    /// <inheritdoc />
    protected override SqlArgument BindValue(SqlValueKind kind, object canonical) => kind switch
    {
        SqlValueKind.Text => new SqlArgument(CheckText((string)canonical), kind),
        // Npgsql writes timestamptz only from UTC values; the instant is kept, the offset is not (docs/drivers.md).
        SqlValueKind.DateTime => new SqlArgument(((DateTimeOffset)canonical).ToUniversalTime(), kind),
        SqlValueKind.Json => new SqlArgument(CheckText(((System.Text.Json.JsonElement)canonical).GetRawText()), kind),
        _ => new SqlArgument(canonical, kind),
    };

    /// <inheritdoc />
    public override object ReadValue(ISqlRowReader reader, int ordinal, SqlValueKind kind)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return kind switch
        {
            SqlValueKind.Text => reader.GetString(ordinal),
            SqlValueKind.Integer => reader.GetInt64(ordinal),
            SqlValueKind.Real => reader.GetDouble(ordinal),
            SqlValueKind.Decimal => reader.GetDecimal(ordinal),
            SqlValueKind.Boolean => reader.GetBoolean(ordinal) ? BoxedTrue : BoxedFalse,
            SqlValueKind.Date => reader.GetDate(ordinal),
            SqlValueKind.Time => reader.GetTime(ordinal),
            SqlValueKind.DateTime => reader.GetDateTimeOffset(ordinal),
            SqlValueKind.Json => SqlValues.ParseJson(reader.GetString(ordinal)),
            SqlValueKind.RealArray => reader.GetFloatArray(ordinal),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No such value kind."),
        };
    }

    /// <inheritdoc />
    public override string IsDistinctFrom(string left, string right) => $"{left} IS DISTINCT FROM {right}";

    /// <inheritdoc />
    public override string TextMatch(FilterOperator op, string column, string placeholder) =>
        $"{column} LIKE {placeholder} ESCAPE '\\'";

    /// <inheritdoc />
    public override string TextMatchArgument(FilterOperator op, string operand)
    {
        ArgumentNullException.ThrowIfNull(operand);
        var builder = new StringBuilder(operand.Length + 4);
        if (op is FilterOperator.Contains or FilterOperator.EndsWith)
        {
            builder.Append('%');
        }
        foreach (var c in CheckText(operand))
        {
            if (c is '\\' or '%' or '_')
            {
                builder.Append('\\');
            }
            builder.Append(c);
        }
        if (op is FilterOperator.Contains or FilterOperator.StartsWith)
        {
            builder.Append('%');
        }
        return builder.ToString();
    }

    /// <inheritdoc />
    public override string ListContains(SqlColumn column, object element, Func<SqlArgument, string> addArgument)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(addArgument);
        var single = SqlValues.ToJsonArray(column.ElementKind, new[] { element }, column.Name);
        return $"{column.QuotedName} @> {addArgument(new SqlArgument(CheckText(single), SqlValueKind.Json))}";
    }

    /// <inheritdoc />
    internal override string FormulaExpression(string sql, SqlValueKind kind) =>
        // Text columns are COLLATE "C" (ordinal, as the memory store compares); an expression of literals would not be.
        kind == SqlValueKind.Text ? "((" + sql + ") COLLATE \"C\")" : "(" + sql + ")";

    /// <inheritdoc />
    public override string OrderTerm(string expression, SortDirection direction) =>
        direction == SortDirection.Descending ? expression + " DESC NULLS LAST" : expression + " ASC NULLS FIRST";

    /// <inheritdoc />
    internal override string KeyOrderTerm(string expression, SortDirection direction) =>
        // The primary key's index is ASC NULLS LAST: "ASC NULLS FIRST" would make every keyset page sort all the rows
        // after its start (a top-N sort of the table's rest), where the index walk reads only the page.
        direction == SortDirection.Descending ? expression + " DESC" : expression + " ASC";

    /// <inheritdoc />
    protected override string ComparableIndexTerm(SqlColumn column) =>
        // Sorts put nulls first ascending and last descending (OrderTerm). An index in that order serves both
        // directions (walked backwards it gives DESC NULLS LAST); one in the default order (nulls last) serves neither,
        // so every sorted page would sort the whole table. Existing indexes keep the order they were built with.
        base.ComparableIndexTerm(column) + " NULLS FIRST";

    /// <inheritdoc />
    public override string LimitOffset(int? limit, int? offset) =>
        (limit is null ? string.Empty : $" LIMIT {limit}") + (offset is null or 0 ? string.Empty : $" OFFSET {offset}");

    /// <inheritdoc />
    public override SqlStatement ListColumns(string table) =>
        new(
            "SELECT column_name::text, (CASE WHEN data_type = 'ARRAY' THEN udt_name ELSE data_type END)::text FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1",
            [new SqlArgument(table, SqlValueKind.Text)]);

    /// <inheritdoc />
    internal override bool DeclaresForeignKeysWithColumns => false;

    /// <inheritdoc />
    /// <remarks>
    /// <c>INSERT ... SELECT ... FROM unnest($1::text[], $2::bigint[], ...)</c>: the server parses and plans one short
    /// statement whatever the row count, and reads each column's values from one binary array (PostgresColumnArrays)
    /// instead of one parameter per value. The values reach the columns by the same assignment casts as a VALUES row's
    /// (a numeric(p, s) rounds, a NOT NULL or unique violation names the same column and key). A vector column travels
    /// as text and is cast back, as unnest would flatten an array of arrays.
    /// </remarks>
    internal override string? InsertArraysSql(SqlTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var columns = table.Columns;
        var select = new StringBuilder();
        var arrays = new StringBuilder();
        var names = new StringBuilder();
        for (var i = 0; i < columns.Count; i++)
        {
            var separator = i == 0 ? string.Empty : ", ";
            var name = "c" + i.ToString(CultureInfo.InvariantCulture);
            select.Append(separator).Append(name).Append(columns[i].Kind == SqlValueKind.RealArray ? "::real[]" : string.Empty);
            arrays.Append(separator).Append(Parameter(i)).Append("::").Append(PostgresColumnArrays.ArrayType(columns[i].Kind));
            names.Append(separator).Append(name);
        }
        return $"INSERT INTO {table.QuotedName} ({table.SelectList}) SELECT {select} FROM unnest({arrays}) AS u({names})";
    }

    /// <inheritdoc />
    internal override SqlColumnArrays NewColumnArrays(IReadOnlyList<SqlColumn> columns, int rows) => new PostgresColumnArrays(columns, rows);

    /// <inheritdoc />
    internal override string? DeleteArraySql(SqlTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return $"DELETE FROM {table.QuotedName} WHERE {table.Id.QuotedName} = ANY({Parameter(0)}::text[]) RETURNING {table.Id.QuotedName}";
    }

    /// <inheritdoc />
    internal override bool BindsTextArrays => true;

    /// <inheritdoc />
    internal override string TextArrayMembership(string expression, string placeholder, bool negated) =>
        negated ? $"{expression} <> ALL({placeholder}::text[])" : $"{expression} = ANY({placeholder}::text[])";

    /// <inheritdoc />
    internal override SqlStatement? ListForeignKeys() =>
        new("SELECT conname::text FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace");

    /// <inheritdoc />
    internal override string AddForeignKey(SqlTable table, SqlForeignKey key, bool notValid) =>
        // PostgreSQL has no ADD CONSTRAINT IF NOT EXISTS. Two processes syncing at once both plan the key; the second waits
        // for the first's lock and then finds the name taken, which is the state it wanted.
        "DO $objectql$ BEGIN " + base.AddForeignKey(table, key, notValid) + "; EXCEPTION WHEN duplicate_object THEN NULL; END $objectql$";

    // PostgreSQL text cannot hold NUL characters; say so instead of failing deep in the protocol.
    private static string CheckText(string text)
    {
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw ObjectQLException.InvalidRequest("PostgreSQL text cannot hold the NUL character (U+0000).", null, "nul_character");
        }
        return text;
    }
}
