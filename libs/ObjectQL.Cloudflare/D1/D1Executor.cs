using ObjectQL.Drivers;
using ObjectQL.Sql;
using ObjectQL.Sql.Dialects;

namespace ObjectQL.Cloudflare.D1;

/// <summary>
/// The executor of Cloudflare D1 (docs/drivers.md, "Batch-only stores"): the SQLite dialect, rows read from D1's JSON,
/// every call one atomic batch over <see cref="D1Client"/>, and transactions that buffer their writes
/// (<see cref="SqlBatchTransaction"/>) because D1 holds none open across requests.
/// </summary>
internal sealed class D1Executor(D1Client client) : ISqlExecutor
{
    public D1Client Client => client;

    public SqlDialect Dialect => SqliteDialect.Instance;

    public TransactionModel TransactionModel => TransactionModel.Batched;

    public async ValueTask<TResult> QueryAsync<TState, TResult>(
        SqlStatement statement, TState state, Func<ISqlRowReader, TState, CancellationToken, ValueTask<TResult>> read, ISqlTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(read);
        // Inside a transaction too: D1 holds no transaction to read in, so reads see the committed data.
        var results = await client.RunAsync([D1Statement.From(statement)], cancellationToken).ConfigureAwait(false);
        return await read(new D1RowReader(results[0].Results ?? []), state, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<int> ExecuteAsync(SqlStatement statement, ISqlTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var affected = await ExecuteManyAsync(statement.Text, statement.Arguments.Count, statement.Arguments, transaction, cancellationToken).ConfigureAwait(false);
        return affected.Length == 0 ? 0 : affected[0];
    }

    public async ValueTask<int[]> ExecuteManyAsync(string sql, int argumentsPerRow, IReadOnlyList<SqlArgument> arguments, ISqlTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(arguments);
        if (transaction is not null)
        {
            return Own(transaction).Enqueue(sql, argumentsPerRow, arguments);
        }
        var rows = argumentsPerRow == 0 ? 1 : arguments.Count / argumentsPerRow;
        var statements = new SqlStatement[rows];
        for (var row = 0; row < rows; row++)
        {
            var values = new SqlArgument[argumentsPerRow];
            for (var i = 0; i < argumentsPerRow; i++)
            {
                values[i] = arguments[row * argumentsPerRow + i];
            }
            statements[row] = new SqlStatement(sql, values);
        }
        return await RunBatchAsync(statements, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<ISqlTransaction> BeginTransactionAsync(TransactionIsolation isolationLevel, CancellationToken cancellationToken) =>
        ValueTask.FromResult<ISqlTransaction>(new SqlBatchTransaction(this, RunBatchAsync));

    /// <summary>D1's SQL errors (code 7500) carry SQLite's text, classified like every SQLite store's; its other refusals are store failures.</summary>
    public SqlStoreError? ClassifyError(Exception exception) => exception switch
    {
        D1Exception { IsSqlError: true } sql => SqliteErrors.Classify(sql, sql.Message),
        D1Exception other => new SqlStoreError(SqlErrorKind.Other, other.Message, other),
        _ => null,
    };

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async ValueTask<int[]> RunBatchAsync(IReadOnlyList<SqlStatement> statements, CancellationToken cancellationToken)
    {
        var shaped = new D1Statement[statements.Count];
        for (var i = 0; i < shaped.Length; i++)
        {
            shaped[i] = D1Statement.From(statements[i]);
        }
        var results = await client.RunAsync(shaped, cancellationToken).ConfigureAwait(false);
        var changes = new int[results.Count];
        for (var i = 0; i < changes.Length; i++)
        {
            changes[i] = results[i].Meta?.Changes ?? 0;
        }
        return changes;
    }

    private SqlBatchTransaction Own(ISqlTransaction transaction) =>
        transaction is SqlBatchTransaction own && ReferenceEquals(own.Executor, this) ? own : throw SqlTransactionGate.Foreign();
}
