using System.Buffers;
using ObjectQL.Drivers;

namespace ObjectQL.Sql;

public partial class SqlDriver
{
    /// <summary>Fills the arguments of row <paramref name="row"/> into <paramref name="arguments"/> from <paramref name="offset"/> on.</summary>
    private delegate void RowFiller<TState>(TState state, int row, SqlArgument[] arguments, int offset);

    /// <summary>
    /// Runs <paramref name="sql"/> once per row, the arguments of each filled by <paramref name="fill"/>, chunk by chunk,
    /// all in one transaction: <paramref name="own"/>, or one started here when there is more than one chunk (one
    /// execution call is atomic by itself). Returns the rows each execution changed. In a batch-only store's transaction
    /// the rows are buffered (<see cref="Buffer"/>).
    /// </summary>
    private Task<int[]> ExecuteRowsAsync<TState>(
        string sql, int width, int rows, TState state, RowFiller<TState> fill, ISqlTransaction? own, SqlTable table, Func<int, ObjectQLException>? guard,
        CancellationToken cancellationToken)
    {
        if (own is SqlBatchTransaction batch)
        {
            var arguments = new SqlArgument[rows * width];
            for (var row = 0; row < rows; row++)
            {
                fill(state, row, arguments, row * width);
            }
            return Task.FromResult(Buffer(batch, sql, width, arguments, table, guard));
        }
        // ISqlExecutor.ArgumentsPerCall's default of 4096 (64 KB) stays under the large-object heap's threshold: one
        // array for 1000 rows of 12 columns (192 KB) cost a gen-2 collection every few batches, about 10% of a
        // 1000-row SQLite insert against the same rows bound chunk by chunk.
        var chunk = Math.Min(rows, Math.Max(1, Executor.ArgumentsPerCall / Math.Max(1, width)));
        if (own is null && rows > chunk && Executor.TransactionModel == TransactionModel.Batched)
        {
            // Several chunks go into one batch, whose counts exist only once it committed.
            return AtomicallyAsync(null, several: true, started => ExecuteRowsAsync(sql, width, rows, state, fill, started, table, guard, cancellationToken), cancellationToken);
        }
        return AtomicallyAsync(own, several: rows > chunk, async transaction =>
        {
            var affected = new int[rows];
            // An interactive executor has bound the arguments by the time ExecuteManyAsync returns, so one pooled buffer
            // serves every chunk (a batch-only transaction keeps its arguments and took the path above).
            var buffer = ArrayPool<SqlArgument>.Shared.Rent(chunk * width);
            try
            {
                for (var start = 0; start < rows; start += chunk)
                {
                    var count = Math.Min(chunk, rows - start);
                    for (var row = 0; row < count; row++)
                    {
                        fill(state, start + row, buffer, row * width);
                    }
                    var done = await ExecuteManyAsync(table, sql, width, new ArraySegment<SqlArgument>(buffer, 0, count * width), transaction, cancellationToken).ConfigureAwait(false);
                    done.CopyTo(affected, start);
                }
            }
            finally
            {
                ArrayPool<SqlArgument>.Shared.Return(buffer, clearArray: true);
            }
            return affected;
        }, cancellationToken);
    }

    /// <summary>
    /// Inserts <paramref name="rows"/> rows of <paramref name="table"/>, the arguments of each filled by
    /// <paramref name="fill"/> in <see cref="SqlTable.Columns"/> order. Where the dialect inserts arrays (PostgreSQL),
    /// each chunk of rows is one statement binding one array per column, which inserts every row or fails whole, so each
    /// row counts as one; otherwise the one-row insert runs once per row (<see cref="ExecuteRowsAsync{TState}"/>).
    /// </summary>
    private Task<int[]> InsertRowsAsync<TState>(
        SqlTable table, int rows, TState state, RowFiller<TState> fill, ISqlTransaction? own, CancellationToken cancellationToken)
    {
        if (table.InsertArraysSql is not { } sql || rows == 1)
        {
            return ExecuteRowsAsync(table.InsertSql, table.Columns.Count, rows, state, fill, own, table, guard: null, cancellationToken);
        }
        var chunk = Math.Min(rows, RowsPerArrayInsert);
        return AtomicallyAsync(own, several: rows > chunk, async transaction =>
        {
            var width = table.Columns.Count;
            var row = new SqlArgument[width];
            for (var start = 0; start < rows; start += chunk)
            {
                var count = Math.Min(chunk, rows - start);
                var arrays = table.Dialect.NewColumnArrays(table.Columns, count);
                for (var i = 0; i < count; i++)
                {
                    Array.Clear(row);
                    fill(state, start + i, row, 0);
                    arrays.Set(i, row);
                }
                await ExecuteManyAsync(table, sql, width, arrays.ToArguments(), transaction, cancellationToken).ConfigureAwait(false);
            }
            var affected = new int[rows];
            affected.AsSpan().Fill(1);
            return affected;
        }, cancellationToken);
    }

    /// <summary>
    /// The most rows one array insert binds: a column's array of 2048 nullable instants or decimals (24 bytes each) stays
    /// under the large-object heap's threshold, and a sync push of 1000 mutations writes each table in one statement.
    /// </summary>
    private const int RowsPerArrayInsert = 2048;

    /// <summary>
    /// Buffers rows in a batch-only store's transaction. In the caller's transaction the result must be known now, so a
    /// write that has to change its row is guarded (the commit fails naming the record when it does not) and counts as
    /// done; in a batch the driver started itself (<see cref="AtomicallyAsync{T}"/>, no guard) the commit fills the
    /// counts in before anyone reads them.
    /// </summary>
    private static int[] Buffer(SqlBatchTransaction batch, string sql, int width, IReadOnlyList<SqlArgument> arguments, SqlTable table, Func<int, ObjectQLException>? guard) =>
        batch.Add(sql, width, arguments, table, batch.StartedByDriver ? null : guard);

    /// <summary>
    /// Runs <paramref name="body"/> in <paramref name="own"/>; without one, and when the body makes
    /// <paramref name="several"/> execution calls that must stand or fall together, in a transaction started here and
    /// committed when the body succeeds (disposing it otherwise rolls back).
    /// </summary>
    private async Task<T> AtomicallyAsync<T>(ISqlTransaction? own, bool several, Func<ISqlTransaction?, Task<T>> body, CancellationToken cancellationToken)
    {
        if (own is not null || !several)
        {
            return await body(own).ConfigureAwait(false);
        }
        var started = await Executor.BeginTransactionAsync(TransactionIsolation.Unspecified, cancellationToken).ConfigureAwait(false);
        if (started is SqlBatchTransaction batch)
        {
            batch.StartedByDriver = true;
        }
        await using (started.ConfigureAwait(false))
        {
            var result = await body(started).ConfigureAwait(false);
            await started.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
    }
}
