using ObjectQL.Drivers;

namespace ObjectQL.Sql;

/// <summary>A transaction of an <see cref="ISqlExecutor"/>; it is also the <see cref="IDriverTransaction"/> the driver hands out.</summary>
public interface ISqlTransaction : IDriverTransaction
{
    /// <summary>The executor that started it.</summary>
    ISqlExecutor Executor { get; }

    /// <summary>True once committed or rolled back.</summary>
    bool IsCompleted { get; }
}

/// <summary>
/// Runs parameterized SQL against one store. The only part of a SQL driver that knows the store's client library:
/// connections, prepared statements, batching, transactions, how rows are read (<see cref="ISqlRowReader"/>) and what
/// its errors mean (<see cref="ClassifyError"/>). docs/drivers.md describes the contract and how to write one.
/// </summary>
public interface ISqlExecutor : IAsyncDisposable
{
    /// <summary>The dialect of the store.</summary>
    SqlDialect Dialect { get; }

    /// <summary>
    /// How the store's transactions behave: <see cref="TransactionModel.Interactive"/> (held open across calls) or
    /// <see cref="TransactionModel.Batched"/> (writes buffered by a <see cref="SqlBatchTransaction"/> and sent as one
    /// atomic batch on commit).
    /// </summary>
    TransactionModel TransactionModel => TransactionModel.Interactive;

    /// <summary>
    /// The most arguments a bulk write hands to one <see cref="ExecuteManyAsync"/> call; more rows go in several calls
    /// inside one transaction. The default, 4096, keeps the driver's argument buffer off the large-object heap; an
    /// executor whose every call is a round trip (to a Worker, over a network) raises it so a bulk write is one call.
    /// </summary>
    int ArgumentsPerCall => 4096;

    /// <summary>
    /// Runs a query and hands its rows to <paramref name="read"/>; the reader is valid only until <paramref name="read"/>
    /// returns. Inside a <see cref="SqlBatchTransaction"/> the query sees the committed data.
    /// </summary>
    ValueTask<TResult> QueryAsync<TState, TResult>(
        SqlStatement statement,
        TState state,
        Func<ISqlRowReader, TState, CancellationToken, ValueTask<TResult>> read,
        ISqlTransaction? transaction,
        CancellationToken cancellationToken);

    /// <summary>Runs a statement; returns the number of rows it changed.</summary>
    ValueTask<int> ExecuteAsync(SqlStatement statement, ISqlTransaction? transaction, CancellationToken cancellationToken);

    /// <summary>
    /// Runs one statement once per row of arguments (<paramref name="arguments"/> holds
    /// <paramref name="argumentsPerRow"/> arguments per row, row after row), all or nothing: inside its own transaction
    /// when <paramref name="transaction"/> is null. Returns the rows changed by each execution.
    /// </summary>
    ValueTask<int[]> ExecuteManyAsync(string sql, int argumentsPerRow, IReadOnlyList<SqlArgument> arguments, ISqlTransaction? transaction, CancellationToken cancellationToken);

    /// <summary>Starts a transaction.</summary>
    ValueTask<ISqlTransaction> BeginTransactionAsync(TransactionIsolation isolationLevel, CancellationToken cancellationToken);

    /// <summary>
    /// The store-neutral form of <paramref name="exception"/> when the store raised it (a constraint, a lock, a size
    /// limit, any other failure of the store), or null when it is not a store failure (argument errors, cancellation,
    /// the library's own <see cref="ObjectQLException"/>), which the driver then lets through unchanged.
    /// </summary>
    SqlStoreError? ClassifyError(Exception exception);
}
