using ObjectQL.Drivers;
using ObjectQL.Metadata;

namespace ObjectQL.Sql;

public partial class SqlDriver
{
    /// <inheritdoc />
    public async Task InsertAsync(ObjectDefinition definition, IReadOnlyList<Record> records, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var table = TableFor(definition);
        var own = Own(transaction);
        if (records.Count == 0)
        {
            return;
        }
        foreach (var record in records)
        {
            ArgumentNullException.ThrowIfNull(record);
            CheckFields(table, record);
            if (record.Id is not { Length: > 0 })
            {
                throw ObjectQLException.InvalidRequest($"A record of '{definition.Name}' reached the driver without an id.", SystemFields.Id, "missing_id");
            }
        }
        try
        {
            await InsertRowsAsync(table, records.Count, (table, records, new BoundValues(table.Columns.Count)), static (state, row, arguments, offset) =>
            {
                var (table, records, bound) = state;
                var record = records[row];
                var columns = table.Columns;
                for (var i = 0; i < columns.Count; i++)
                {
                    arguments[offset++] = bound.Bind(table.Dialect, columns[i], i, record[columns[i].Name]);
                }
            }, own, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (Translate(exception, table) is { } failure)
        {
            throw failure;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<bool>> UpdateAsync(ObjectDefinition definition, IReadOnlyList<RecordChange> changes, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        UpdateCoreAsync(definition, changes, incrementVersion: false, transaction, cancellationToken);

    // incrementVersion: every statement also sets _version to its stored value plus one (IVersionIncrementingDriver).
    private async Task<IReadOnlyList<bool>> UpdateCoreAsync(
        ObjectDefinition definition, IReadOnlyList<RecordChange> changes, bool incrementVersion, IDriverTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var table = TableFor(definition);
        var own = Own(transaction);
        var results = new bool[changes.Count];
        if (changes.Count == 0)
        {
            return results;
        }

        // Consecutive changes of the same shape (same fields, same use of the version) share one statement text, so a
        // bulk update is one prepared statement run per row, or one batch.
        var runs = new List<(int Start, int Count, SqlColumn[] Columns, bool CompareVersion)>();
        SqlColumn[]? previous = null;
        var previousCompare = false;
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            ArgumentNullException.ThrowIfNull(change);
            var shape = Shape(table, change.Values, previous);
            var compare = change.ExpectedVersion.HasValue;
            if (ReferenceEquals(shape, previous) && compare == previousCompare)
            {
                var last = runs[^1];
                runs[^1] = (last.Start, last.Count + 1, last.Columns, last.CompareVersion);
            }
            else
            {
                runs.Add((i, 1, shape, compare));
            }
            previous = shape;
            previousCompare = compare;
        }

        try
        {
            // Each run is its own execution call, so several runs need one transaction around them. The counts are read
            // after it ends: a batch-only store's commit fills them in.
            var counts = await AtomicallyAsync(own, several: runs.Count > 1, async transaction =>
            {
                var affectedPerRun = new int[runs.Count][];
                var next = 0;
                foreach (var (start, count, columns, compareVersion) in runs)
                {
                    var perRow = columns.Length + 1 + (compareVersion ? 1 : 0);
                    var sql = SqlCompiler.Update(table, columns, compareVersion, incrementVersion);
                    var bound = new BoundValues(columns.Length);
                    var affected = await ExecuteRowsAsync(sql, perRow, count, (Table: table, Changes: changes, Start: start, Columns: columns, CompareVersion: compareVersion, Bound: bound),
                        static (state, row, arguments, offset) =>
                        {
                            var change = state.Changes[state.Start + row];
                            // Shape listed the columns in the order the record holds them, so one walk binds them all.
                            var next = 0;
                            foreach (var (name, value) in change.Values)
                            {
                                if (next < state.Columns.Length && SameName(state.Columns[next].Name, name))
                                {
                                    arguments[offset++] = state.Bound.Bind(state.Table.Dialect, state.Columns[next], next++, value);
                                }
                            }
                            arguments[offset++] = new SqlArgument(change.Id, SqlValueKind.Text);
                            if (state.CompareVersion)
                            {
                                arguments[offset] = new SqlArgument(change.ExpectedVersion!.Value, SqlValueKind.Integer);
                            }
                        }, transaction, table, transaction is SqlBatchTransaction ? GuardFailures.ForUpdates(table, changes, start) : null, cancellationToken).ConfigureAwait(false);
                    affectedPerRun[next++] = affected;
                }
                return affectedPerRun;
            }, cancellationToken).ConfigureAwait(false);
            for (var run = 0; run < runs.Count; run++)
            {
                for (var i = 0; i < runs[run].Count; i++)
                {
                    results[runs[run].Start + i] = counts[run][i] > 0;
                }
            }
            return results;
        }
        catch (Exception exception) when (Translate(exception, table) is { } failure)
        {
            throw failure;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<bool>> DeleteAsync(ObjectDefinition definition, IReadOnlyList<string> ids, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var table = TableFor(definition);
        var own = Own(transaction);
        if (ids.Count == 0)
        {
            return [];
        }
        var arguments = new SqlArgument[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            arguments[i] = new SqlArgument(ids[i] ?? throw new ArgumentException("An id is null.", nameof(ids)), SqlValueKind.Text);
        }
        try
        {
            if (table.DeleteArraySql is { } arraySql && ids.Count > 1 && own is not SqlBatchTransaction)
            {
                return await DeleteByArrayAsync(table, arraySql, ids, own, cancellationToken).ConfigureAwait(false);
            }
            var affected = own is SqlBatchTransaction batch
                ? Buffer(batch, table.DeleteSql, 1, arguments, table, GuardFailures.ForDeletes(table, ids))
                : await ExecuteManyAsync(table, table.DeleteSql, 1, arguments, own, cancellationToken).ConfigureAwait(false);
            var results = new bool[ids.Count];
            for (var i = 0; i < results.Length; i++)
            {
                results[i] = affected[i] > 0;
            }
            return results;
        }
        catch (Exception exception) when (Translate(exception, table) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>
    /// Deletes <paramref name="ids"/> in one statement binding them as one array (PostgreSQL), all or nothing. An id counts
    /// as deleted at its first place in the list, as when the one-row delete runs id after id: a repeat finds it gone.
    /// </summary>
    private async Task<IReadOnlyList<bool>> DeleteByArrayAsync(SqlTable table, string sql, IReadOnlyList<string> ids, ISqlTransaction? own, CancellationToken cancellationToken)
    {
        var statement = new SqlStatement(sql, [new SqlArgument(ids.ToArray(), SqlValueKind.Text) { IsArray = true }]);
        var deleted = await QueryAsync(table, statement, ids.Count, static async (reader, count, ct) =>
        {
            var found = new HashSet<string>(count, StringComparer.Ordinal);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                found.Add(reader.GetString(0));
            }
            return found;
        }, own, cancellationToken).ConfigureAwait(false);
        var results = new bool[ids.Count];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = deleted.Remove(ids[i]);
        }
        return results;
    }

    /// <summary>Every field of a written record must be a stored field; computed ones are ignored, anything else is a caller error.</summary>
    private static void CheckFields(SqlTable table, Record record)
    {
        foreach (var (name, _) in record)
        {
            WrittenColumn(table, name);
        }
    }

    /// <summary>The column a written field goes to; null for a computed field (ignored); an unknown name is refused.</summary>
    private static SqlColumn? WrittenColumn(SqlTable table, string name) =>
        table.FindColumn(name) ?? (table.Definition.FindField(name) is { IsComputed: true } ? null : table.GetColumn(name));

    /// <summary>
    /// The columns an update writes (id excluded), in the order the record holds them, reusing
    /// <paramref name="previous"/> when the shape is the same; a name that is no stored field is refused (computed
    /// fields are ignored). One lookup per field.
    /// </summary>
    private static SqlColumn[] Shape(SqlTable table, Record values, SqlColumn[]? previous)
    {
        List<SqlColumn>? built = null;
        var count = 0;
        foreach (var (name, _) in values)
        {
            if (name == SystemFields.Id)
            {
                continue;
            }
            if (WrittenColumn(table, name) is not { } column)
            {
                continue;
            }
            if (built is null && previous is not null && count < previous.Length && ReferenceEquals(previous[count], column))
            {
                count++;
                continue;
            }
            if (built is null)
            {
                built = new List<SqlColumn>(values.Count);
                for (var i = 0; i < count; i++)
                {
                    built.Add(previous![i]);
                }
            }
            built.Add(column);
            count++;
        }
        if (built is null && previous is not null && count == previous.Length)
        {
            return previous;
        }
        if (built is not null)
        {
            return [.. built];
        }
        // Every column matched previous, but previous has more: this shape is its prefix (or empty).
        return previous is null ? [] : previous[..count];
    }

    private static bool SameName(string column, string field) => ReferenceEquals(column, field) || column == field;
}
