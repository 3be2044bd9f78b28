
namespace ObjectQL.Sql.Tests;

/// <summary>A real executor, passed through, that counts the calls made on it: what a store with costly calls (the browser's Worker) pays per call.</summary>
internal sealed class CountingExecutor(ISqlExecutor inner, int? argumentsPerCall = null) : ISqlExecutor
{
    public int Queries { get; private set; }

    public int Executions { get; private set; }

    public int Transactions { get; private set; }

    /// <summary>Each bulk call's statement and the number of arguments it bound per execution of it.</summary>
    public List<(string Sql, int ArgumentsPerRow, int Arguments)> BulkCalls { get; } = [];

    public SqlDialect Dialect => inner.Dialect;

    public int ArgumentsPerCall => argumentsPerCall ?? inner.ArgumentsPerCall;

    public ValueTask<TResult> QueryAsync<TState, TResult>(
        SqlStatement statement, TState state, Func<ISqlRowReader, TState, CancellationToken, ValueTask<TResult>> read, ISqlTransaction? transaction, CancellationToken cancellationToken)
    {
        Queries++;
        return inner.QueryAsync(statement, state, read, transaction, cancellationToken);
    }

    public ValueTask<int> ExecuteAsync(SqlStatement statement, ISqlTransaction? transaction, CancellationToken cancellationToken)
    {
        Executions++;
        return inner.ExecuteAsync(statement, transaction, cancellationToken);
    }

    public ValueTask<int[]> ExecuteManyAsync(string sql, int argumentsPerRow, IReadOnlyList<SqlArgument> arguments, ISqlTransaction? transaction, CancellationToken cancellationToken)
    {
        Executions++;
        BulkCalls.Add((sql, argumentsPerRow, arguments.Count));
        return inner.ExecuteManyAsync(sql, argumentsPerRow, arguments, transaction, cancellationToken);
    }

    public ValueTask<ISqlTransaction> BeginTransactionAsync(TransactionIsolation isolationLevel, CancellationToken cancellationToken)
    {
        Transactions++;
        return inner.BeginTransactionAsync(isolationLevel, cancellationToken);
    }

    public SqlStoreError? ClassifyError(Exception exception) => inner.ClassifyError(exception);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
