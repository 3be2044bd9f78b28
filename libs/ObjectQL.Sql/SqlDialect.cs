using System.Text;
using ObjectQL.Querying;

namespace ObjectQL.Sql;

/// <summary>
/// What differs between SQL stores: quoting, placeholders, column types, value forms, text matching, null ordering,
/// paging and schema introspection. It names no client library: executors read rows through
/// <see cref="ISqlRowReader"/> and classify their own errors (<see cref="ISqlExecutor.ClassifyError"/>). One compiler (<see cref="SqlCompiler"/>) uses it for every store.
/// </summary>
public abstract class SqlDialect
{
    /// <summary>The boxed <c>true</c>, shared so reading booleans allocates nothing.</summary>
    protected static readonly object BoxedTrue = true;

    /// <summary>The boxed <c>false</c>.</summary>
    protected static readonly object BoxedFalse = false;

    /// <summary>A short name, e.g. <c>sqlite</c>.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// True when the store reads JSON in SQL the way SQLite does (<c>json_each</c>, <c>json_extract</c>, <c>json_type</c>),
    /// which <see cref="SqlDriver.InsertFromJsonAsync"/> needs.
    /// </summary>
    public virtual bool ReadsJsonRows => false;

    /// <summary>
    /// Quotes an identifier (double quotes, embedded quotes doubled). Names come from metadata, never from a request,
    /// but are quoted anyway so any legal field name works; a name with a NUL character or an empty name is refused.
    /// </summary>
    public virtual string QuoteIdentifier(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.Contains('\0', StringComparison.Ordinal))
        {
            throw ObjectQLException.InvalidRequest($"'{name.Replace("\0", "\\0", StringComparison.Ordinal)}' is not a usable name.", name, "invalid_name");
        }
        var builder = new StringBuilder(name.Length + 2);
        builder.Append('"').Append(name.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        return builder.ToString();
    }

    /// <summary>The placeholder of the argument at <paramref name="index"/> (zero-based).</summary>
    public abstract string Parameter(int index);

    /// <summary>The SQL type a column is created with.</summary>
    public abstract string ColumnType(SqlColumn column);

    /// <summary>True when an existing column of <paramref name="databaseType"/> (as the store reports it) can hold the column's values.</summary>
    public abstract bool IsCompatibleType(string databaseType, SqlColumn column);

    /// <summary>Binds a canonical value (or null) for writing into <paramref name="column"/>; a value of the wrong type is an <see cref="ErrorCodes.InvalidRequest"/> error.</summary>
    public SqlArgument Bind(SqlColumn column, object? value)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (value is null)
        {
            return new SqlArgument(null, column.Kind);
        }
        if (column.IsList)
        {
            return new SqlArgument(SqlValues.ToJsonArray(column.ElementKind, value, column.Name), SqlValueKind.Json);
        }
        return BindValue(column.Kind, SqlValues.Coerce(column.Kind, value, column.Name));
    }

    /// <summary>Binds a canonical filter operand compared with <see cref="ComparableExpression"/> of <paramref name="column"/>.</summary>
    public virtual SqlArgument BindComparable(SqlColumn column, object canonical) => BindValue(column.Kind, canonical);

    /// <summary>Converts a canonical, non-null value of <paramref name="kind"/> into the form the store binds.</summary>
    protected abstract SqlArgument BindValue(SqlValueKind kind, object canonical);

    // Typed binds for the typed write path (SqlRowTarget): the same forms as BindValue, which the defaults box into;
    // dialects override those whose storage form can be made without the box.

    /// <summary>Binds a text for writing; equals <see cref="BindValue"/> of it.</summary>
    public virtual SqlArgument BindText(string value) => BindValue(SqlValueKind.Text, value);

    /// <summary>Binds a number for writing; equals <see cref="BindValue"/> of the boxed value.</summary>
    public virtual SqlArgument BindReal(double value) => BindValue(SqlValueKind.Real, value);

    /// <summary>Binds a whole number for writing; equals <see cref="BindValue"/> of the boxed value.</summary>
    public virtual SqlArgument BindInteger(long value) => BindValue(SqlValueKind.Integer, value);

    /// <summary>Binds a date for writing; equals <see cref="BindValue"/> of the boxed value.</summary>
    public virtual SqlArgument BindDate(DateOnly value) => BindValue(SqlValueKind.Date, value);

    /// <summary>Binds a time of day for writing; equals <see cref="BindValue"/> of the boxed value.</summary>
    public virtual SqlArgument BindTime(TimeOnly value) => BindValue(SqlValueKind.Time, value);

    /// <summary>Binds an instant for writing; equals <see cref="BindValue"/> of the boxed value.</summary>
    public virtual SqlArgument BindDateTime(DateTimeOffset value) => BindValue(SqlValueKind.DateTime, value);

    /// <summary>Binds a boolean for writing; equals <see cref="BindValue"/> of the boxed value.</summary>
    public virtual SqlArgument BindBoolean(bool value) => BindValue(SqlValueKind.Boolean, value);

    /// <summary>Binds an exact decimal for writing; equals <see cref="BindValue"/> of the boxed value.</summary>
    public virtual SqlArgument BindDecimal(decimal value) => BindValue(SqlValueKind.Decimal, value);

    /// <summary>Reads the value at <paramref name="ordinal"/> in canonical form, or null.</summary>
    public object? Read(ISqlRowReader reader, int ordinal, SqlColumn column)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(column);
        if (reader.IsNull(ordinal))
        {
            return null;
        }
        return column.IsList ? SqlValues.FromJsonArray(column.ElementKind, reader.GetString(ordinal)) : ReadValue(reader, ordinal, column.Kind);
    }

    /// <summary>Reads a non-null value of <paramref name="kind"/> in canonical form.</summary>
    public abstract object ReadValue(ISqlRowReader reader, int ordinal, SqlValueKind kind);

    /// <summary>The expression compared and sorted for <paramref name="column"/> (the quoted name unless the stored form does not order like the value).</summary>
    public virtual string ComparableExpression(SqlColumn column) => column.QuotedName;

    /// <summary>
    /// A formula's SQL form (docs/computed-fields.md) as an expression of <paramref name="kind"/>; text compares as
    /// stored text columns do.
    /// </summary>
    internal virtual string FormulaExpression(string sql, SqlValueKind kind) => "(" + sql + ")";

    /// <summary>SQL true when <paramref name="left"/> differs from <paramref name="right"/>, treating NULL as a value.</summary>
    public abstract string IsDistinctFrom(string left, string right);

    /// <summary>Case-sensitive text matching: <paramref name="op"/> is Contains, StartsWith or EndsWith.</summary>
    public abstract string TextMatch(FilterOperator op, string column, string placeholder);

    /// <summary>The argument sent for a text-matching operand (for example an escaped LIKE pattern).</summary>
    public virtual string TextMatchArgument(FilterOperator op, string operand) => operand;

    /// <summary>
    /// SQL true when the JSON array in list column <paramref name="column"/> has an element equal to <paramref name="element"/>
    /// (canonical, of the column's element kind); <paramref name="addArgument"/> adds an argument and returns its placeholder.
    /// </summary>
    public abstract string ListContains(SqlColumn column, object element, Func<SqlArgument, string> addArgument);

    /// <summary>Whether <see cref="ListContains"/> yields NULL (rather than false) for a NULL column.</summary>
    public virtual bool ListContainsIsNullWhenColumnNull => true;

    /// <summary>One ORDER BY term: ascending puts nulls first, descending puts them last.</summary>
    public abstract string OrderTerm(string expression, SortDirection direction);

    /// <summary>
    /// An ORDER BY term of a column that is never null (the id): where nulls have no place to be put, a dialect may leave
    /// their placement out so the column's index gives the order.
    /// </summary>
    internal virtual string KeyOrderTerm(string expression, SortDirection direction) => OrderTerm(expression, direction);

    /// <summary>The LIMIT/OFFSET clause (empty when both are null).</summary>
    public abstract string LimitOffset(int? limit, int? offset);

    /// <summary>A statement returning (name, type) for each column of <paramref name="table"/>; no rows when it does not exist.</summary>
    public abstract SqlStatement ListColumns(string table);

    /// <summary>
    /// A statement that fails, with a message containing the text argument at <paramref name="placeholder"/>, when the
    /// statement run just before it changed no row; null when the dialect has none. Batch-only stores need it
    /// (<see cref="SqlBatchTransaction"/>).
    /// </summary>
    public virtual string? ChangedRowGuard(string placeholder) => null;

    /// <summary>The statement creating <paramref name="table"/> with all its columns.</summary>
    public virtual string CreateTable(SqlTable table) => CreateTable(table, []);

    /// <summary>
    /// True when a foreign key is declared with its column (CREATE TABLE, ADD COLUMN: SQLite, which cannot add one to an
    /// existing column); false when it is added by ALTER TABLE once every table exists (<see cref="AddForeignKey"/>).
    /// </summary>
    internal virtual bool DeclaresForeignKeysWithColumns => true;

    /// <summary>
    /// The statement inserting a chunk of rows of <paramref name="table"/> given as one array argument per column
    /// (<see cref="SqlArgument.IsArray"/>, in <see cref="SqlTable.Columns"/> order), one text for any number of rows, so it
    /// is prepared once; it inserts every row or none. Null when a bulk insert runs the one-row insert once per row
    /// (SQLite, whose prepared statement binds a row for less than a wider statement's parse).
    /// </summary>
    internal virtual string? InsertArraysSql(SqlTable table) => null;

    /// <summary>
    /// An empty chunk of <paramref name="rows"/> rows of these columns for <see cref="InsertArraysSql"/>'s arguments; only
    /// where that statement exists.
    /// </summary>
    internal virtual SqlColumnArrays NewColumnArrays(IReadOnlyList<SqlColumn> columns, int rows) =>
        throw new NotSupportedException($"{GetType().Name} inserts no arrays.");

    /// <summary>
    /// The query deleting the rows of <paramref name="table"/> whose ids are in one array argument and returning the ids
    /// it deleted, one statement for any number of ids; null when a bulk delete runs the one-row delete once per id.
    /// </summary>
    internal virtual string? DeleteArraySql(SqlTable table) => null;

    /// <summary>Whether a list of text values is bound as one array argument (<see cref="TextArrayMembership"/>).</summary>
    internal virtual bool BindsTextArrays => false;

    /// <summary>
    /// A text expression's membership in the array of text bound at <paramref name="placeholder"/> (its negation when
    /// <paramref name="negated"/>), with the three-valued logic of <c>IN</c> and <c>NOT IN</c>; only where
    /// <see cref="BindsTextArrays"/>.
    /// </summary>
    internal virtual string TextArrayMembership(string expression, string placeholder, bool negated) =>
        throw new NotSupportedException($"{GetType().Name} binds no arrays.");

    /// <summary>A statement listing the names of the foreign keys of the current schema, or null when the dialect adds none later.</summary>
    internal virtual SqlStatement? ListForeignKeys() => null;

    /// <summary>
    /// The statement adding <paramref name="key"/> to its existing table; <paramref name="notValid"/> leaves rows stored
    /// before it unchecked.
    /// </summary>
    internal virtual string AddForeignKey(SqlTable table, SqlForeignKey key, bool notValid) =>
        $"ALTER TABLE {table.QuotedName} ADD CONSTRAINT {QuoteIdentifier(key.Name)} FOREIGN KEY ({key.Column.QuotedName}) {key.References()}{(notValid ? " NOT VALID" : string.Empty)}";

    /// <summary>The statement creating <paramref name="table"/>, with <paramref name="foreignKeys"/> declared on their columns.</summary>
    internal string CreateTable(SqlTable table, IReadOnlyList<SqlForeignKey> foreignKeys)
    {
        ArgumentNullException.ThrowIfNull(table);
        var builder = new StringBuilder("CREATE TABLE IF NOT EXISTS ").Append(table.QuotedName).Append(" (");
        for (var i = 0; i < table.Columns.Count; i++)
        {
            var column = table.Columns[i];
            if (i > 0)
            {
                builder.Append(", ");
            }
            builder.Append(column.QuotedName).Append(' ').Append(ColumnType(column));
            if (ReferenceEquals(column, table.Id))
            {
                builder.Append(" NOT NULL PRIMARY KEY");
            }
            if (foreignKeys.FirstOrDefault(key => ReferenceEquals(key.Column, column)) is { } foreignKey)
            {
                builder.Append(' ').Append(foreignKey.References());
            }
        }
        return builder.Append(')').ToString();
    }

    /// <summary>The statement adding <paramref name="column"/> to an existing table.</summary>
    public virtual string AddColumn(SqlTable table, SqlColumn column) => AddColumn(table, column, null);

    /// <summary>The statement adding <paramref name="column"/>, with <paramref name="foreignKey"/> declared on it when given.</summary>
    internal string AddColumn(SqlTable table, SqlColumn column, SqlForeignKey? foreignKey)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(column);
        var text = $"ALTER TABLE {table.QuotedName} ADD COLUMN {column.QuotedName} {ColumnType(column)}";
        return foreignKey is null ? text : text + " " + foreignKey.References();
    }

    /// <summary>The statement creating <paramref name="index"/> when it does not exist.</summary>
    public virtual string CreateIndex(SqlTable table, SchemaIndex index)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(index);
        var columns = string.Join(", ", index.Fields.Select(f => ComparableIndexTerm(table.GetColumn(f))));
        return $"CREATE {(index.Unique ? "UNIQUE " : string.Empty)}INDEX IF NOT EXISTS {QuoteIdentifier(index.Name)} ON {table.QuotedName} ({columns})";
    }

    /// <summary>The term indexed for a column (its quoted name by default).</summary>
    protected virtual string ComparableIndexTerm(SqlColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return column.QuotedName;
    }

    /// <summary>Reads a non-null currency (what <see cref="ReadValue"/> gives for <see cref="SqlValueKind.Decimal"/>), unboxed.</summary>
    public virtual decimal ReadDecimal(ISqlRowReader reader, int ordinal) => reader.GetDecimal(ordinal);

    /// <summary>Reads a non-null boolean (what <see cref="ReadValue"/> gives for <see cref="SqlValueKind.Boolean"/>), unboxed.</summary>
    public virtual bool ReadBoolean(ISqlRowReader reader, int ordinal) => reader.GetBoolean(ordinal);

    /// <summary>Reads a non-null date (what <see cref="ReadValue"/> gives for <see cref="SqlValueKind.Date"/>), unboxed.</summary>
    public virtual DateOnly ReadDate(ISqlRowReader reader, int ordinal) => reader.GetDate(ordinal);

    /// <summary>Reads a non-null time of day (what <see cref="ReadValue"/> gives for <see cref="SqlValueKind.Time"/>), unboxed.</summary>
    public virtual TimeOnly ReadTime(ISqlRowReader reader, int ordinal) => reader.GetTime(ordinal);

    /// <summary>Reads a non-null instant (what <see cref="ReadValue"/> gives for <see cref="SqlValueKind.DateTime"/>), unboxed.</summary>
    public virtual DateTimeOffset ReadDateTime(ISqlRowReader reader, int ordinal) => reader.GetDateTimeOffset(ordinal);
}
