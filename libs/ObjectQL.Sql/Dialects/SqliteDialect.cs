using ObjectQL.Querying;

namespace ObjectQL.Sql.Dialects;

/// <summary>
/// The SQLite dialect (also right for every SQLite-compatible store). Values without a native SQLite type are stored as
/// text in forms that sort like the values (see docs/drivers.md); currency is exact decimal text compared as REAL.
/// </summary>
public sealed class SqliteDialect : SqlDialect
{
    // Filled as used: building all of them up front is a noticeable part of a browser app's first open (interpreted).
    private static readonly string?[] Placeholders = new string?[1024];

    private readonly bool _textListsAsJson;

    /// <summary>Creates the dialect: a filter's list of values is bound one parameter per value.</summary>
    public SqliteDialect()
    {
    }

    private SqliteDialect(bool textListsAsJson) => _textListsAsJson = textListsAsJson;

    /// <summary>The shared instance.</summary>
    public static SqliteDialect Instance { get; } = new();

    /// <summary>
    /// The instance of the native SQLite driver, whose SQLite has the JSON functions: a filter's list of texts is bound
    /// as one JSON array text that the statement reads with <c>json_each</c>, one parameter instead of one per value and
    /// one statement text for any count (the reads by id of a sync push or pull ask for up to 500 ids at a time). Other
    /// SQLite-compatible stores keep <see cref="Instance"/>.
    /// </summary>
    internal static SqliteDialect WithJsonTextLists { get; } = new(textListsAsJson: true);

    /// <inheritdoc />
    public override string Name => "sqlite";

    /// <inheritdoc />
    public override bool ReadsJsonRows => true;

    /// <inheritdoc />
    public override string Parameter(int index) =>
        (uint)index < (uint)Placeholders.Length
            ? Placeholders[index] ??= "@p" + index.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : "@p" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <inheritdoc />
    internal override bool BindsTextArrays => _textListsAsJson;

    /// <inheritdoc />
    /// <remarks>The array is bound as JSON text (the executor writes it); its values are never null, as the compiler binds null apart.</remarks>
    internal override string TextArrayMembership(string expression, string placeholder, bool negated) =>
        $"{expression} {(negated ? "NOT IN" : "IN")} (SELECT value FROM json_each({placeholder}))";

    /// <inheritdoc />
    public override string ColumnType(SqlColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return column.Kind switch
        {
            SqlValueKind.Integer or SqlValueKind.Boolean => "INTEGER",
            SqlValueKind.Real => "REAL",
            _ => "TEXT",
        };
    }

    /// <inheritdoc />
    public override bool IsCompatibleType(string databaseType, SqlColumn column)
    {
        ArgumentNullException.ThrowIfNull(databaseType);
        // A column declared without a type keeps every value as bound, so it holds any field.
        return databaseType.Length == 0 || Affinity(databaseType) == Affinity(ColumnType(column));
    }

    /// <inheritdoc />
    public override SqlArgument BindComparable(SqlColumn column, object canonical)
    {
        ArgumentNullException.ThrowIfNull(column);
        // Currency is compared through CAST(... AS REAL) (see ComparableExpression), so its operands go as REAL too.
        return column.Kind == SqlValueKind.Decimal
            ? new SqlArgument((double)(decimal)canonical, SqlValueKind.Real)
            : BindValue(column.Kind, canonical);
    }

    // SQLite stores booleans as 0 and 1; boxed once (boxes are immutable).
    private static readonly object BoxedOne = 1L;
    private static readonly object BoxedZero = 0L;

    /// <inheritdoc />
    public override SqlArgument BindDate(DateOnly value) => new(SqlValues.FormatDate(value), SqlValueKind.Text);

    /// <inheritdoc />
    public override SqlArgument BindTime(TimeOnly value) => new(SqlValues.FormatTime(value), SqlValueKind.Text);

    /// <inheritdoc />
    public override SqlArgument BindDateTime(DateTimeOffset value) => new(SqlValues.FormatDateTime(value), SqlValueKind.Text);

    /// <inheritdoc />
    public override SqlArgument BindBoolean(bool value) => new(value ? BoxedOne : BoxedZero, SqlValueKind.Integer);

    /// <inheritdoc />
    public override SqlArgument BindDecimal(decimal value) => new(SqlValues.FormatDecimal(value), SqlValueKind.Text);

    /// <inheritdoc />
    protected override SqlArgument BindValue(SqlValueKind kind, object canonical) => kind switch
    {
        SqlValueKind.Decimal => new SqlArgument(SqlValues.FormatDecimal((decimal)canonical), SqlValueKind.Text),
        SqlValueKind.Boolean => BindBoolean((bool)canonical),
        SqlValueKind.Date => new SqlArgument(SqlValues.FormatDate((DateOnly)canonical), SqlValueKind.Text),
        SqlValueKind.Time => new SqlArgument(SqlValues.FormatTime((TimeOnly)canonical), SqlValueKind.Text),
        SqlValueKind.DateTime => new SqlArgument(SqlValues.FormatDateTime((DateTimeOffset)canonical), SqlValueKind.Text),
        SqlValueKind.Json => new SqlArgument(((System.Text.Json.JsonElement)canonical).GetRawText(), SqlValueKind.Text),
        SqlValueKind.RealArray => new SqlArgument(SqlValues.VectorToJson((float[])canonical), SqlValueKind.Text),
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
            SqlValueKind.Decimal => SqlValues.ParseDecimal(reader.GetString(ordinal)),
            SqlValueKind.Boolean => reader.GetInt64(ordinal) != 0 ? BoxedTrue : BoxedFalse,
            SqlValueKind.Date => SqlValues.ParseDate(reader.GetString(ordinal)),
            SqlValueKind.Time => SqlValues.ParseTime(reader.GetString(ordinal)),
            SqlValueKind.DateTime => SqlValues.ParseDateTime(reader.GetString(ordinal)),
            SqlValueKind.Json => SqlValues.ParseJson(reader.GetString(ordinal)),
            SqlValueKind.RealArray => SqlValues.VectorFromJson(reader.GetString(ordinal)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No such value kind."),
        };
    }

    /// <inheritdoc />
    public override decimal ReadDecimal(ISqlRowReader reader, int ordinal) => SqlValues.ParseDecimal(reader.GetString(ordinal));

    /// <inheritdoc />
    public override bool ReadBoolean(ISqlRowReader reader, int ordinal) => reader.GetInt64(ordinal) != 0;

    /// <inheritdoc />
    public override DateOnly ReadDate(ISqlRowReader reader, int ordinal) => SqlValues.ParseDate(reader.GetString(ordinal));

    /// <inheritdoc />
    public override TimeOnly ReadTime(ISqlRowReader reader, int ordinal) => SqlValues.ParseTime(reader.GetString(ordinal));

    /// <inheritdoc />
    public override DateTimeOffset ReadDateTime(ISqlRowReader reader, int ordinal) => SqlValues.ParseDateTime(reader.GetString(ordinal));

    /// <inheritdoc />
    public override string ComparableExpression(SqlColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return column.Kind == SqlValueKind.Decimal ? $"CAST({column.QuotedName} AS REAL)" : column.QuotedName;
    }

    /// <inheritdoc />
    protected override string ComparableIndexTerm(SqlColumn column) => column.QuotedName;

    /// <inheritdoc />
    public override string IsDistinctFrom(string left, string right) => $"{left} IS NOT {right}";

    /// <inheritdoc />
    public override string TextMatch(FilterOperator op, string column, string placeholder)
    {
        // SQLite's LIKE ignores ASCII case and stops at NUL characters; byte-wise matching on the UTF-8 form is exact
        // and, UTF-8 being self-synchronizing, equals ordinal matching on the strings.
        var text = $"CAST({column} AS BLOB)";
        var operand = $"CAST({placeholder} AS BLOB)";
        return op switch
        {
            FilterOperator.Contains => $"instr({text}, {operand}) > 0",
            FilterOperator.StartsWith => $"substr({text}, 1, length({operand})) = {operand}",
            FilterOperator.EndsWith => $"substr({text}, -length({operand})) = {operand}",
            _ => throw new ArgumentOutOfRangeException(nameof(op)),
        };
    }

    /// <inheritdoc />
    public override string ListContains(SqlColumn column, object element, Func<SqlArgument, string> addArgument)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(addArgument);
        // json_each yields JSON numbers as numbers, booleans as 1/0 and strings as text; bind the element the same way.
        var argument = column.ElementKind switch
        {
            SqlValueKind.Decimal => new SqlArgument((double)(decimal)element, SqlValueKind.Real),
            _ => BindValue(column.ElementKind, element),
        };
        return $"EXISTS (SELECT 1 FROM json_each({column.QuotedName}) WHERE json_each.value = {addArgument(argument)})";
    }

    /// <inheritdoc />
    public override bool ListContainsIsNullWhenColumnNull => false;

    /// <inheritdoc />
    public override string OrderTerm(string expression, SortDirection direction) =>
        // SQLite already sorts NULL first ascending and last descending.
        direction == SortDirection.Descending ? expression + " DESC" : expression + " ASC";

    /// <inheritdoc />
    public override string LimitOffset(int? limit, int? offset) => (limit, offset) switch
    {
        (null, null or 0) => string.Empty,
        (_, null or 0) => $" LIMIT {limit}",
        (null, _) => $" LIMIT -1 OFFSET {offset}",
        _ => $" LIMIT {limit} OFFSET {offset}",
    };

    /// <inheritdoc />
    public override SqlStatement ListColumns(string table) =>
        new("SELECT name, type FROM pragma_table_info(@p0)", [new SqlArgument(table, SqlValueKind.Text)]);

    /// <inheritdoc />
    /// <remarks>
    /// SQLite has no RAISE outside triggers; a JSON path that does not start with <c>$</c> fails the statement with an
    /// error quoting the path, so the guard's argument comes back in the message. <c>changes()</c> is not constant, so
    /// the path is only built when the previous statement changed nothing.
    /// </remarks>
    public override string ChangedRowGuard(string placeholder) => $"SELECT json_extract('{{}}', CASE changes() WHEN 0 THEN {placeholder} ELSE '$' END)";

    // SQLite's type affinity rules (section 3.1 of its datatype documentation): the same affinity stores values the same way.
    private static char Affinity(string declared)
    {
        var type = declared.ToUpperInvariant();
        if (type.Contains("INT", StringComparison.Ordinal))
        {
            return 'I';
        }
        if (type.Contains("CHAR", StringComparison.Ordinal) || type.Contains("CLOB", StringComparison.Ordinal) || type.Contains("TEXT", StringComparison.Ordinal))
        {
            return 'T';
        }
        if (type.Length == 0 || type.Contains("BLOB", StringComparison.Ordinal))
        {
            return 'B';
        }
        if (type.Contains("REAL", StringComparison.Ordinal) || type.Contains("FLOA", StringComparison.Ordinal) || type.Contains("DOUB", StringComparison.Ordinal))
        {
            return 'R';
        }
        return 'N';
    }
}
