using System.Data;
using System.Data.Common;
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
/// Runs parameterized SQL against one store. The only part of a SQL driver that knows the client library: connections,
/// prepared statements, batching, transactions. Exceptions are the client library's own; the driver maps them.
/// </summary>
public interface ISqlExecutor : IAsyncDisposable
{
    /// <summary>The dialect of the store.</summary>
    SqlDialect Dialect { get; }

    /// <summary>Runs a query and hands its reader to <paramref name="read"/>.</summary>
    ValueTask<TResult> QueryAsync<TState, TResult>(
        SqlStatement statement,
        TState state,
        Func<DbDataReader, TState, CancellationToken, ValueTask<TResult>> read,
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
    ValueTask<ISqlTransaction> BeginTransactionAsync(IsolationLevel isolationLevel, CancellationToken cancellationToken);
}
