using System.Data;
using ObjectQL.Metadata;

namespace ObjectQL.Sql;

/// <summary>
/// Brings the store up to the metadata: creates missing tables, adds missing columns, creates missing indexes, and the
/// <c>auto_number</c> counter table (<see cref="SqlSequences"/>) when a table needs it. It never
/// drops or rewrites anything. Every table is checked before anything runs, so an incompatible column (a type the
/// field's values do not fit) fails the whole sync with an error that says what to do, and changes nothing.
/// </summary>
public static class SchemaSynchronizer
{
    /// <summary>Plans and applies the statements for <paramref name="tables"/> in one transaction; returns the statements run.</summary>
    public static Task<IReadOnlyList<string>> SyncAsync(ISqlExecutor executor, IReadOnlyList<SqlTable> tables, CancellationToken cancellationToken = default) =>
        SyncAsync(executor, tables, translate: null, cancellationToken);

    /// <summary>
    /// <see cref="SyncAsync(ISqlExecutor, IReadOnlyList{SqlTable}, CancellationToken)"/>; a store error in a statement of a
    /// table goes through <paramref name="translate"/> with that table (e.g. a unique index that existing rows break).
    /// </summary>
    internal static async Task<IReadOnlyList<string>> SyncAsync(
        ISqlExecutor executor, IReadOnlyList<SqlTable> tables, Func<Exception, SqlTable, Exception?>? translate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(executor);
        ArgumentNullException.ThrowIfNull(tables);
        var plan = new List<(SqlTable? Table, string Sql)>();
        if (SqlSequences.Needed(tables))
        {
            plan.Add((null, SqlSequences.CreateTableSql));
        }
        foreach (var table in tables)
        {
            foreach (var statement in await PlanAsync(executor, table, cancellationToken).ConfigureAwait(false))
            {
                plan.Add((table, statement));
            }
        }
        if (plan.Count == 0)
        {
            return [];
        }
        var transaction = await executor.BeginTransactionAsync(IsolationLevel.Unspecified, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            foreach (var (table, statement) in plan)
            {
                try
                {
                    await executor.ExecuteAsync(new SqlStatement(statement), transaction, cancellationToken).ConfigureAwait(false);
                }
                // The counter table belongs to no object; the first one stands in for the message.
                catch (Exception exception) when (translate?.Invoke(exception, table ?? tables[0]) is { } failure)
                {
                    throw failure;
                }
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        return plan.ConvertAll(static entry => entry.Sql);
    }

    /// <summary>The statements that would bring <paramref name="table"/> up to its metadata, after checking existing columns.</summary>
    public static async Task<IReadOnlyList<string>> PlanAsync(ISqlExecutor executor, SqlTable table, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(executor);
        ArgumentNullException.ThrowIfNull(table);
        var dialect = table.Dialect;
        var existing = await executor.QueryAsync(
            dialect.ListColumns(table.Definition.StorageName),
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
            cancellationToken).ConfigureAwait(false);

        var plan = new List<string>();
        if (existing.Count == 0)
        {
            plan.Add(dialect.CreateTable(table));
        }
        else
        {
            foreach (var column in table.Columns)
            {
                if (!existing.TryGetValue(column.Name, out var type))
                {
                    plan.Add(dialect.AddColumn(table, column));
                }
                else if (!dialect.IsCompatibleType(type, column))
                {
                    var wanted = dialect.ColumnType(column);
                    var message =
                        $"Column {table.QuotedName}.{column.QuotedName} is {type} in the database, but field '{column.Name}' ({column.TypeName}) is stored as {wanted}. " +
                        $"ObjectQL never rewrites data: migrate the column to {wanted} yourself, or give the field a new name and copy the values over.";
                    throw new ObjectQLException(ErrorCodes.InvalidRequest, message, [new ErrorDetail(column.Name, message, "incompatible_column")]);
                }
            }
        }
        foreach (var index in table.Indexes)
        {
            plan.Add(dialect.CreateIndex(table, index));
        }
        return plan;
    }
}
