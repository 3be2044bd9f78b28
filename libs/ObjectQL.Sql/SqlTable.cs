using ObjectQL.Entities.Generated;
using ObjectQL.Metadata;
using ObjectQL.Values;

namespace ObjectQL.Sql;

/// <summary>
/// The storage shape of one object for one dialect: its quoted table name, its columns (system and declared, computed
/// fields left out) and the SQL texts every call reuses, so hot paths build no SQL and statements stay prepared.
/// </summary>
public sealed class SqlTable
{
    private readonly Dictionary<string, SqlColumn> _byName;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SqlColumn> _formulas = new(StringComparer.Ordinal);

    internal SqlTable(ObjectDefinition definition, SqlDialect dialect)
    {
        Definition = definition;
        Dialect = dialect;
        QuotedName = dialect.QuoteIdentifier(definition.StorageName);
        var columns = new List<SqlColumn>(definition.Fields.Count + SystemFields.All.Count);
        _byName = new(StringComparer.Ordinal);
        void Add(SqlColumn column)
        {
            if (_byName.TryAdd(column.Name, column))
            {
                columns.Add(column);
            }
        }

        Add(new SqlColumn(SystemFields.Id, dialect.QuoteIdentifier(SystemFields.Id), SqlValueKind.Text, null, SqlValueKind.Text));
        foreach (var field in definition.Fields)
        {
            if (field.IsComputed || SystemFields.IsSystemField(field.Name))
            {
                continue;
            }
            var element = ElementKindOf(field);
            var kind = field.Multiple && field.Type != FieldType.Vector ? SqlValueKind.Json : element;
            Add(new SqlColumn(field.Name, dialect.QuoteIdentifier(field.Name), kind, field, element));
        }
        Add(new SqlColumn(SystemFields.CreatedAt, dialect.QuoteIdentifier(SystemFields.CreatedAt), SqlValueKind.DateTime, null, SqlValueKind.DateTime));
        Add(new SqlColumn(SystemFields.UpdatedAt, dialect.QuoteIdentifier(SystemFields.UpdatedAt), SqlValueKind.DateTime, null, SqlValueKind.DateTime));
        Add(new SqlColumn(SystemFields.CreatedBy, dialect.QuoteIdentifier(SystemFields.CreatedBy), SqlValueKind.Text, null, SqlValueKind.Text));
        Add(new SqlColumn(SystemFields.UpdatedBy, dialect.QuoteIdentifier(SystemFields.UpdatedBy), SqlValueKind.Text, null, SqlValueKind.Text));
        Add(new SqlColumn(SystemFields.Version, dialect.QuoteIdentifier(SystemFields.Version), SqlValueKind.Integer, null, SqlValueKind.Integer));
        Columns = columns;
        Layout = RowLayout.For(definition, columns.ConvertAll(static c => c.Name));
        Id = _byName[SystemFields.Id];
        Version = _byName[SystemFields.Version];

        SelectList = string.Join(", ", columns.Select(c => c.QuotedName));
        FindByIdSql = $"SELECT {SelectList} FROM {QuotedName} WHERE {Id.QuotedName} = {dialect.Parameter(0)}";
        InsertSql = $"INSERT INTO {QuotedName} ({SelectList}) VALUES ({string.Join(", ", columns.Select((_, i) => dialect.Parameter(i)))})";
        DeleteSql = $"DELETE FROM {QuotedName} WHERE {Id.QuotedName} = {dialect.Parameter(0)}";
        Indexes = SchemaIndexes.For(definition, dialect);
        InsertArraysSql = dialect.InsertArraysSql(this);
        DeleteArraySql = dialect.DeleteArraySql(this);
    }

    /// <summary>The object.</summary>
    public ObjectDefinition Definition { get; }

    /// <summary>The dialect the texts are written in.</summary>
    public SqlDialect Dialect { get; }

    /// <summary>The quoted table name.</summary>
    public string QuotedName { get; }

    /// <summary>The stored columns: <c>id</c>, the declared fields in order, then the other system fields.</summary>
    public IReadOnlyList<SqlColumn> Columns { get; }

    /// <summary>
    /// Where each field slot sits in <see cref="Columns"/> (-1 for fields the store does not hold): the layout of full
    /// rows for typed reads, and of the arguments of typed inserts.
    /// </summary>
    internal RowLayout Layout { get; }

    /// <summary>The <c>id</c> column.</summary>
    public SqlColumn Id { get; }

    /// <summary>The <c>_version</c> column.</summary>
    public SqlColumn Version { get; }

    /// <summary>Every column, quoted and comma-separated, in <see cref="Columns"/> order.</summary>
    public string SelectList { get; }

    /// <summary>Reads one record by id (one argument).</summary>
    public string FindByIdSql { get; }

    /// <summary>Inserts one record (one argument per column, in <see cref="Columns"/> order).</summary>
    public string InsertSql { get; }

    /// <summary>
    /// Inserts a chunk of records given as one array argument per column (<see cref="SqlDialect.InsertArraysSql"/>); null
    /// when the dialect inserts row by row.
    /// </summary>
    internal string? InsertArraysSql { get; }

    /// <summary>Deletes one record by id (one argument).</summary>
    public string DeleteSql { get; }

    /// <summary>
    /// Deletes the records whose ids are in one array argument and returns the ids deleted
    /// (<see cref="SqlDialect.DeleteArraySql"/>); null when the dialect deletes id by id.
    /// </summary>
    internal string? DeleteArraySql { get; }

    /// <summary>The indexes schema sync creates, with their physical names.</summary>
    public IReadOnlyList<SchemaIndex> Indexes { get; }

    /// <summary>Finds a stored column.</summary>
    public SqlColumn? FindColumn(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// Gets the stored column for a field named in a request, or throws <see cref="ErrorCodes.InvalidRequest"/> naming it:
    /// names are never copied into SQL unless the metadata knows them.
    /// </summary>
    public SqlColumn GetColumn(string name)
    {
        if (_byName.TryGetValue(name, out var column))
        {
            return column;
        }
        var field = Definition.FindField(name);
        if (field?.Formula?.Sql is { } sql)
        {
            return _formulas.GetOrAdd(name, _ => FormulaColumn(field, sql));
        }
        if (field is not null && field.IsComputed)
        {
            throw ObjectQLException.InvalidRequest(
                $"Field '{name}' of object '{Definition.Name}' is a {FieldTypeNames.Of(field.Type)} field: it is computed, not stored, so the store cannot filter, sort or group by it.",
                name,
                "computed_field");
        }
        throw ObjectQLException.InvalidRequest($"Object '{Definition.Name}' has no field '{name}'.", name, "unknown_field");
    }

    // A formula with an SQL form filters and sorts as a column whose "name" is its expression; it is never selected
    // or written (FindColumn does not know it), so reads and writes see only stored columns.
    private SqlColumn FormulaColumn(FieldDefinition field, string sql)
    {
        var kind = ElementKindOf(field);
        return new SqlColumn(field.Name, Dialect.FormulaExpression(sql, kind), kind, field, kind);
    }

    // The storage kind of one value follows the field's canonical kind (FieldShape.KindOf), so the two cannot drift.
    private static SqlValueKind ElementKindOf(FieldDefinition field) => FieldShape.KindOf(field) switch
    {
        ValueKind.Number => SqlValueKind.Real,
        ValueKind.Decimal => SqlValueKind.Decimal,
        ValueKind.Boolean => SqlValueKind.Boolean,
        ValueKind.Integer => SqlValueKind.Integer,
        ValueKind.Date => SqlValueKind.Date,
        ValueKind.DateTime => SqlValueKind.DateTime,
        ValueKind.Time => SqlValueKind.Time,
        ValueKind.Json => SqlValueKind.Json,
        ValueKind.Vector => SqlValueKind.RealArray,
        _ => SqlValueKind.Text,
    };
}
