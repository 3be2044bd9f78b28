using System.Globalization;
using System.Text;
using ObjectQL.Metadata;

namespace ObjectQL.Sql;

/// <summary>How one stored field looked when schema sync last brought its table up to the metadata.</summary>
/// <param name="Name">The field (and column) name.</param>
/// <param name="TypeName">The metadata type, for messages.</param>
/// <param name="Storage">The storage kinds (value and element), which decide how stored values are read back.</param>
/// <param name="Required">Whether the field was required.</param>
/// <param name="Options">The select options (canonical values as invariant text), empty for other fields.</param>
internal sealed record FieldState(string Name, string TypeName, string Storage, bool Required, string Options);

/// <summary>How one object's table looked after the last sync: its table, stored fields and the indexes sync made.</summary>
internal sealed record ObjectState(string Table, IReadOnlyList<FieldState> Fields, IReadOnlyList<string> Indexes)
{
    /// <summary>The recorded field named <paramref name="name"/>, or null.</summary>
    public FieldState? Field(string name) => Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));

    /// <summary>The state <paramref name="table"/> stands for now.</summary>
    public static ObjectState Of(SqlTable table) => new(
        table.Definition.StorageName,
        [.. table.Columns.Where(static c => c.Field is not null).Select(static c => FieldState(c))],
        [.. table.Indexes.Select(static i => i.Name)]);

    /// <summary>
    /// This state plus the fields <paramref name="previous"/> recorded that the metadata no longer declares: their
    /// columns and values stay, so a field added back later is checked against what it was.
    /// </summary>
    public ObjectState Keeping(ObjectState? previous) => previous is null
        ? this
        : this with { Fields = [.. Fields, .. previous.Fields.Where(old => Field(old.Name) is null)] };

    /// <summary>The recorded form of a declared column.</summary>
    public static FieldState FieldState(SqlColumn column)
    {
        var field = column.Field!;
        var options = field.Type == FieldType.Select
            ? string.Join(Separator, field.Options.Select(static o => Convert.ToString(o.Value, CultureInfo.InvariantCulture)))
            : string.Empty;
        return new(column.Name, column.TypeName, $"{column.Kind}/{column.ElementKind}", field.Required, options);
    }

    /// <summary>The stored text of the fields: one line per field, its parts separated by tabs.</summary>
    public string FieldsText => string.Join('\n', Fields.Select(static f => $"{f.Name}\t{f.TypeName}\t{f.Storage}\t{(f.Required ? 1 : 0)}\t{f.Options}"));

    /// <summary>The stored text of the index names, one a line.</summary>
    public string IndexesText => string.Join('\n', Indexes);

    /// <summary>Reads a stored state back.</summary>
    public static ObjectState Parse(string table, string fields, string indexes) => new(
        table,
        [.. fields.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(static line => line.Split('\t')).Where(static p => p.Length == 5)
            .Select(static p => new FieldState(p[0], p[1], p[2], p[3] == "1", p[4]))],
        indexes.Split('\n', StringSplitOptions.RemoveEmptyEntries));

    // Option values never hold this control character in practice; it only has to keep two lists apart.
    private const char Separator = '\u001F';
}

/// <summary>
/// The table where schema sync records, per object, the shape it last synced (<see cref="ObjectState"/>): it tells a
/// field that became required, changed its storage or lost options from one that was always so, which column types
/// alone cannot (SQLite keeps dates, decimals and lists all as TEXT), and which indexes sync made and may drop.
/// </summary>
internal static class SchemaStates
{
    public const string TableName = "_objectql_schema";

    public const string CreateTableSql =
        "CREATE TABLE IF NOT EXISTS " + TableName +
        " (object_name TEXT NOT NULL PRIMARY KEY, table_name TEXT NOT NULL, fields TEXT NOT NULL, indexes TEXT NOT NULL)";

    /// <summary>Every recorded object state, by object name; empty when the store has no record yet.</summary>
    public static async Task<IReadOnlyDictionary<string, ObjectState>> ReadAsync(ISqlExecutor executor, CancellationToken cancellationToken) =>
        (await ReadStoredAsync(executor, cancellationToken).ConfigureAwait(false)).States;

    /// <summary>Every recorded object state, by object name, and the stored schema fingerprint (<see cref="SchemaHash"/>), if any.</summary>
    public static async Task<StoredSchema> ReadStoredAsync(ISqlExecutor executor, CancellationToken cancellationToken)
    {
        var exists = await executor.QueryAsync(executor.Dialect.ListColumns(TableName), 0,
            static async (reader, _, ct) => await reader.ReadAsync(ct).ConfigureAwait(false), null, cancellationToken).ConfigureAwait(false);
        if (!exists)
        {
            return new StoredSchema([], null);
        }
        return await executor.QueryAsync(new SqlStatement($"SELECT object_name, table_name, fields, indexes FROM {TableName}"), 0, static async (reader, _, ct) =>
        {
            var rows = new List<string>();
            string? hash = null;
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var name = reader.GetString(0);
                if (name.Length == 0)
                {
                    hash = reader.GetString(2);
                    continue;
                }
                rows.AddRange([name, reader.GetString(1), reader.GetString(2), reader.GetString(3)]);
            }
            return new StoredSchema(rows, hash);
        }, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The statement recording <paramref name="state"/> for <paramref name="objectName"/>.</summary>
    public static SqlStatement Record(SqlDialect dialect, string objectName, ObjectState state) =>
        Record(dialect, [objectName, state.Table, state.FieldsText, state.IndexesText]);

    /// <summary>
    /// One statement recording every state of <paramref name="records"/> and, in its own row, the schema fingerprint
    /// <paramref name="hash"/> (<see cref="SchemaHash"/>).
    /// </summary>
    public static SqlStatement RecordAll(SqlDialect dialect, IReadOnlyList<StateRecord> records, string hash)
    {
        var values = new List<string>((records.Count + 1) * 4);
        foreach (var record in records)
        {
            values.AddRange([record.ObjectName, record.State.Table, record.State.FieldsText, record.State.IndexesText]);
        }
        values.AddRange([SchemaHash.RowName, string.Empty, hash, string.Empty]);
        return Record(dialect, values);
    }

    /// <summary>The statement removing the stored schema fingerprint (<see cref="SchemaHash"/>), when there is one.</summary>
    public static SqlStatement ForgetHash() => new($"DELETE FROM {TableName} WHERE object_name = ''");

    // Rows of four values each (object, table, fields, indexes), upserted by object name. Reference types only, so a
    // NativeAOT build shares the collections' code it already has.
    private static SqlStatement Record(SqlDialect dialect, IReadOnlyList<string> values)
    {
        var rows = new StringBuilder();
        var arguments = new SqlArgument[values.Count];
        for (var at = 0; at < values.Count; at += 4)
        {
            rows.Append(at == 0 ? "(" : ", (").Append(dialect.Parameter(at)).Append(", ").Append(dialect.Parameter(at + 1)).Append(", ")
                .Append(dialect.Parameter(at + 2)).Append(", ").Append(dialect.Parameter(at + 3)).Append(')');
            for (var i = at; i < at + 4; i++)
            {
                arguments[i] = Text(values[i]);
            }
        }
        return new(
            $"INSERT INTO {TableName} (object_name, table_name, fields, indexes) VALUES {rows} " +
            "ON CONFLICT (object_name) DO UPDATE SET table_name = excluded.table_name, fields = excluded.fields, indexes = excluded.indexes",
            arguments);
    }

    private static SqlArgument Text(string value) => new(value, SqlValueKind.Text);
}

// Plain classes, not records: a record's generated members (equality, printing) would only add to a NativeAOT build.

/// <summary>What schema sync finds recorded: each object's state by name, and the schema fingerprint, if any.</summary>
/// <remarks>
/// The states are parsed at their first use: a trusted open whose fingerprint matches never reads them, and in the
/// browser's interpreter their parsing is first-time code on the start's path.
/// </remarks>
internal sealed class StoredSchema(List<string> rows, string? hash)
{
    private Dictionary<string, ObjectState>? _states;

    /// <summary>Each recorded object's state, by object name.</summary>
    public IReadOnlyDictionary<string, ObjectState> States => _states ??= Parse(rows);

    public string? Hash { get; } = hash;

    // Four values a row: object, table, fields, indexes.
    private static Dictionary<string, ObjectState> Parse(List<string> rows)
    {
        var states = new Dictionary<string, ObjectState>(StringComparer.Ordinal);
        for (var at = 0; at < rows.Count; at += 4)
        {
            states[rows[at]] = ObjectState.Parse(rows[at + 1], rows[at + 2], rows[at + 3]);
        }
        return states;
    }
}

/// <summary>The state to record for one object.</summary>
internal sealed class StateRecord(string objectName, ObjectState state)
{
    public string ObjectName { get; } = objectName;

    public ObjectState State { get; } = state;
}
