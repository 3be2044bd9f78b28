using ObjectQL.Metadata;
using ObjectQL.Values;

namespace ObjectQL.Sql;

/// <summary>
/// Plans the statements that bring one table up to its metadata, given the rows already stored and the state recorded
/// at the last sync (<see cref="ObjectState"/>; null for a store synced before states were kept, whose fields are then
/// all checked once). What each metadata change does is listed in docs/schema-evolution.md.
/// </summary>
// foreignKeys: the names of the foreign keys the store has (SqlDialect.ListForeignKeys), or null when schema sync
// declares none (SqlDriver.ForeignKeys off).
internal sealed class SchemaPlanner(
    ISqlExecutor executor, IReadOnlyDictionary<string, ObjectState> states, IReadOnlyCollection<SqlTable> model, IReadOnlySet<string>? foreignKeys)
{
    public List<SqlStatement> Statements { get; } = [];

    /// <summary>Statements that run once every table exists: foreign keys added by ALTER TABLE (self and circular references).</summary>
    public List<SqlStatement> Later { get; } = [];

    public List<SchemaProblem> Problems { get; } = [];

    public async Task PlanAsync(SqlTable table, CancellationToken cancellationToken)
    {
        var dialect = table.Dialect;
        var existing = await ColumnsAsync(table.Definition.StorageName, cancellationToken).ConfigureAwait(false);
        var keys = foreignKeys is null ? [] : SqlForeignKey.For(table, model);
        var withColumns = dialect.DeclaresForeignKeysWithColumns;
        if (existing.Count == 0)
        {
            await CheckRenameAsync(table, cancellationToken).ConfigureAwait(false);
            // A dialect's own CreateTable/AddColumn override is kept wherever no key is declared with the column.
            Statements.Add(new SqlStatement(withColumns && keys.Count > 0 ? dialect.CreateTable(table, keys) : dialect.CreateTable(table)));
            Statements.AddRange(table.Indexes.Select(index => new SqlStatement(dialect.CreateIndex(table, index))));
            await PlanForeignKeysAsync(table, keys, newTable: true, cancellationToken).ConfigureAwait(false);
            return;
        }
        var previous = states.GetValueOrDefault(table.Definition.Name);
        foreach (var column in table.Columns)
        {
            if (!existing.TryGetValue(column.Name, out var type))
            {
                var key = withColumns ? keys.FirstOrDefault(k => ReferenceEquals(k.Column, column)) : null;
                Statements.Add(new SqlStatement(key is null ? dialect.AddColumn(table, column) : dialect.AddColumn(table, column, key)));
                if (column.Field is not null)
                {
                    await PlanNewFieldAsync(table, column, cancellationToken).ConfigureAwait(false);
                }
            }
            else if (!dialect.IsCompatibleType(type, column))
            {
                Problems.Add(SchemaProblem.Incompatible(table, column, type, dialect.ColumnType(column)));
            }
            else if (column.Field is not null)
            {
                await CheckExistingFieldAsync(table, column, previous, cancellationToken).ConfigureAwait(false);
            }
        }
        foreach (var index in table.Indexes)
        {
            if (index.Unique && previous?.Indexes.Contains(index.Name, StringComparer.Ordinal) != true
                && await SchemaData.HasDuplicatesAsync(executor, table, index, cancellationToken).ConfigureAwait(false))
            {
                Problems.Add(SchemaProblem.Duplicates(table, index));
            }
            Statements.Add(new SqlStatement(dialect.CreateIndex(table, index)));
        }
        await PlanForeignKeysAsync(table, keys, newTable: false, cancellationToken).ConfigureAwait(false);
        // Only indexes sync itself made are dropped (an index holds no data); a unique rule the metadata dropped must not
        // keep refusing writes.
        foreach (var name in previous?.Indexes ?? [])
        {
            if (!table.Indexes.Any(index => string.Equals(index.Name, name, StringComparison.Ordinal)))
            {
                Statements.Add(new SqlStatement($"DROP INDEX IF EXISTS {dialect.QuoteIdentifier(name)}"));
            }
        }
    }

    // Foreign keys added by ALTER TABLE (PostgreSQL) after every table exists. On a table that already holds rows the
    // key is NOT VALID: it guards every write from now on without checking the rows stored before, which a store synced
    // before keys were declared may hold orphans among (written around the pipeline); validating them would refuse the
    // whole sync and keep the application from opening. `ALTER TABLE ... VALIDATE CONSTRAINT` checks them later.
    private async Task PlanForeignKeysAsync(SqlTable table, IReadOnlyList<SqlForeignKey> keys, bool newTable, CancellationToken cancellationToken)
    {
        if (table.Dialect.DeclaresForeignKeysWithColumns || foreignKeys is null)
        {
            return;
        }
        bool? hasRows = newTable ? false : null;
        foreach (var key in keys)
        {
            if (foreignKeys.Contains(key.Name))
            {
                continue;
            }
            hasRows ??= await SchemaData.CountAsync(executor, table.QuotedName, null, null, cancellationToken).ConfigureAwait(false) > 0;
            Later.Add(new SqlStatement(table.Dialect.AddForeignKey(table, key, notValid: hasRows.Value)));
        }
    }

    // A new column is empty: rows get the default when there is one; a required field without one cannot be filled.
    private async Task PlanNewFieldAsync(SqlTable table, SqlColumn column, CancellationToken cancellationToken)
    {
        if (column.Field!.DefaultValue is not null)
        {
            await PlanBackfillAsync(table, column, cancellationToken).ConfigureAwait(false);
        }
        else if (column.Field.Required)
        {
            var rows = await SchemaData.CountAsync(executor, table.QuotedName, null, null, cancellationToken).ConfigureAwait(false);
            if (rows > 0)
            {
                Problems.Add(SchemaProblem.RequiredWithoutDefault(table, column, rows));
            }
        }
    }

    // Each check runs only when the recorded state says the field changed in a way it guards (or nothing is recorded).
    private async Task CheckExistingFieldAsync(SqlTable table, SqlColumn column, ObjectState? previous, CancellationToken cancellationToken)
    {
        var field = column.Field!;
        var before = previous?.Field(column.Name);
        var now = ObjectState.FieldState(column);
        if (before is not null && before.Storage != now.Storage)
        {
            var values = await SchemaData.CountValuesAsync(executor, table, column, cancellationToken).ConfigureAwait(false);
            if (values > 0)
            {
                Problems.Add(SchemaProblem.StorageChanged(table, column, before, values));
                return;
            }
        }
        if (field.Required && before?.Required != true)
        {
            var nulls = await SchemaData.CountNullsAsync(executor, table, column, cancellationToken).ConfigureAwait(false);
            if (nulls > 0 && field.DefaultValue is not null)
            {
                await PlanBackfillAsync(table, column, cancellationToken).ConfigureAwait(false);
            }
            else if (nulls > 0)
            {
                Problems.Add(SchemaProblem.RequiredWithNulls(table, column, nulls));
            }
        }
        if (field.Type == FieldType.Select && (before is null || before.Options != now.Options || before.Storage != now.Storage))
        {
            var (value, rows) = field.Multiple
                ? await SchemaData.FindElementOutsideOptionsAsync(executor, table, column, cancellationToken).ConfigureAwait(false)
                : await SchemaData.FindValueOutsideOptionsAsync(executor, table, column, cancellationToken).ConfigureAwait(false);
            if (rows > 0)
            {
                Problems.Add(SchemaProblem.NotAnOption(table, column, value, rows));
            }
        }
    }

    private async Task PlanBackfillAsync(SqlTable table, SqlColumn column, CancellationToken cancellationToken)
    {
        if (!CanonicalValues.TryConvert(FieldShape.Get(table.Definition, column.Name), column.Field!.DefaultValue, out var value, out var error) || value is null)
        {
            Problems.Add(SchemaProblem.InvalidDefault(table, column, error));
            return;
        }
        if (await MissingReferenceAsync(table, column, value, cancellationToken).ConfigureAwait(false) is { } missing)
        {
            Problems.Add(SchemaProblem.DefaultNotFound(table, column, missing.Target, (string)value, missing.Rows));
            return;
        }
        var dialect = table.Dialect;
        Statements.Add(new SqlStatement(
            $"UPDATE {table.QuotedName} SET {column.QuotedName} = {dialect.Parameter(0)} WHERE {column.QuotedName} IS NULL",
            [dialect.Bind(column, value)]));
    }

    // A lookup's default given to stored rows must name a record that exists: the store's key (or, without keys, the
    // pipeline's reference check on the next write) would refuse the rows, and only at commit, far from the field's name.
    private async Task<(string Target, long Rows)?> MissingReferenceAsync(SqlTable table, SqlColumn column, object value, CancellationToken cancellationToken)
    {
        if (column.Field is not { Type: FieldType.Lookup or FieldType.MasterDetail, Multiple: false, ReferenceTo: { } target } || value is not string id
            || model.FirstOrDefault(t => string.Equals(t.Definition.Name, target, StringComparison.Ordinal)) is not { } referenced)
        {
            return null;
        }
        var rows = await SchemaData.CountAsync(executor, table.QuotedName, null, null, cancellationToken).ConfigureAwait(false);
        if (rows == 0)
        {
            return null;
        }
        var exists = (await ColumnsAsync(referenced.Definition.StorageName, cancellationToken).ConfigureAwait(false)).Count > 0
            && await SchemaData.CountAsync(
                executor, referenced.QuotedName, $"{referenced.Dialect.QuoteIdentifier(Metadata.SystemFields.Id)} = {referenced.Dialect.Parameter(0)}",
                [new SqlArgument(id, SqlValueKind.Text)], cancellationToken).ConfigureAwait(false) > 0;
        return exists ? null : (target, rows);
    }

    // A rename cannot be told from a removal plus an addition, except by its fields: a new table whose fields are
    // exactly those of an object that left the model while its table still holds rows is refused rather than guessed.
    private async Task CheckRenameAsync(SqlTable table, CancellationToken cancellationToken)
    {
        var fields = ObjectState.Of(table).Fields.Select(static f => f.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, state) in states)
        {
            if (model.Any(t => t.Definition.Name == name || t.Definition.StorageName == state.Table)
                || !fields.SetEquals(state.Fields.Select(static f => f.Name))
                || (await ColumnsAsync(state.Table, cancellationToken).ConfigureAwait(false)).Count == 0)
            {
                continue;
            }
            var rows = await SchemaData.CountAsync(executor, table.Dialect.QuoteIdentifier(state.Table), null, null, cancellationToken).ConfigureAwait(false);
            if (rows > 0)
            {
                Problems.Add(SchemaProblem.Renamed(table, name, state.Table, rows));
            }
        }
    }

    private ValueTask<Dictionary<string, string>> ColumnsAsync(string table, CancellationToken cancellationToken) =>
        executor.QueryAsync(
            executor.Dialect.ListColumns(table),
            0,
            static async (reader, _, ct) =>
            {
                var columns = new Dictionary<string, string>(StringComparer.Ordinal);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    columns[reader.GetString(0)] = reader.IsNull(1) ? string.Empty : reader.GetString(1);
                }
                return columns;
            },
            null,
            cancellationToken);
}
