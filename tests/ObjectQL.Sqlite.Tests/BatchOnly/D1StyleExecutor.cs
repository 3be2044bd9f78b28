using System.Globalization;
using System.Text;
using System.Text.Json;
using ObjectQL.Drivers;
using ObjectQL.Sql;
using ObjectQL.Sql.Dialects;

namespace ObjectQL.Sqlite.Tests.BatchOnly;

/// <summary>
/// An executor for a store that speaks D1's HTTP query API (<see cref="D1Double"/> stands in for the network): the
/// SQLite dialect, rows read from JSON, every call one atomic batch, and transactions that buffer their writes
/// (<see cref="SqlBatchTransaction"/>) because the store holds none open. What a D1 executor is, minus HTTP.
/// </summary>
internal sealed class D1StyleExecutor(D1Double store) : ISqlExecutor
{
    public SqlDialect Dialect => SqliteDialect.Instance;

    public TransactionModel TransactionModel => TransactionModel.Batched;

    public async ValueTask<TResult> QueryAsync<TState, TResult>(
        SqlStatement statement, TState state, Func<ISqlRowReader, TState, CancellationToken, ValueTask<TResult>> read, ISqlTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(read);
        // Inside a transaction too: the store has no open transaction to read in, so reads see the committed data.
        var results = await PostAsync([statement], cancellationToken).ConfigureAwait(false);
        return await read(new JsonRowReader(results[0].Results), state, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<int> ExecuteAsync(SqlStatement statement, ISqlTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var affected = await ExecuteManyAsync(statement.Text, statement.Arguments.Count, statement.Arguments, transaction, cancellationToken).ConfigureAwait(false);
        return affected.Length == 0 ? 0 : affected[0];
    }

    public async ValueTask<int[]> ExecuteManyAsync(string sql, int argumentsPerRow, IReadOnlyList<SqlArgument> arguments, ISqlTransaction? transaction, CancellationToken cancellationToken)
    {
        if (transaction is not null)
        {
            return Own(transaction).Enqueue(sql, argumentsPerRow, arguments);
        }
        var rows = argumentsPerRow == 0 ? 1 : arguments.Count / argumentsPerRow;
        var statements = new SqlStatement[rows];
        for (var row = 0; row < rows; row++)
        {
            statements[row] = new SqlStatement(sql, arguments.Skip(row * argumentsPerRow).Take(argumentsPerRow).ToArray());
        }
        return await RunBatchAsync(statements, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<ISqlTransaction> BeginTransactionAsync(TransactionIsolation isolationLevel, CancellationToken cancellationToken) =>
        ValueTask.FromResult<ISqlTransaction>(new SqlBatchTransaction(this, RunBatchAsync));

    public SqlStoreError? ClassifyError(Exception exception) =>
        exception is D1StyleException d1 ? SqliteErrors.Classify(d1, d1.Message) : null;

    public ValueTask DisposeAsync()
    {
        store.Dispose();
        return ValueTask.CompletedTask;
    }

    private async ValueTask<int[]> RunBatchAsync(IReadOnlyList<SqlStatement> statements, CancellationToken cancellationToken)
    {
        var results = await PostAsync(statements, cancellationToken).ConfigureAwait(false);
        return results.Select(static r => r.Meta.Changes).ToArray();
    }

    private SqlBatchTransaction Own(ISqlTransaction transaction) =>
        transaction is SqlBatchTransaction own && ReferenceEquals(own.Executor, this) ? own : throw SqlTransactionGate.Foreign();

    private async Task<List<D1QueryResult>> PostAsync(IReadOnlyList<SqlStatement> statements, CancellationToken cancellationToken)
    {
        var body = await store.QueryAsync(Request(statements), cancellationToken).ConfigureAwait(false);
        var response = JsonSerializer.Deserialize(body, D1JsonContext.Default.D1Response) ?? throw new InvalidOperationException("An empty response.");
        if (!response.Success)
        {
            var error = response.Errors.FirstOrDefault();
            throw new D1StyleException(error?.Code ?? 0, error?.Message ?? "The store gave no reason.");
        }
        return response.Result ?? throw new InvalidOperationException("A successful response without results.");
    }

    // {"batch":[{"sql":...,"params":[...]}]}: numbers as JSON numbers, text as strings, NULL as null.
    private static string Request(IReadOnlyList<SqlStatement> statements)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("batch");
            foreach (var statement in statements)
            {
                writer.WriteStartObject();
                writer.WriteString("sql", statement.Text);
                writer.WriteStartArray("params");
                foreach (var argument in statement.Arguments)
                {
                    switch (argument.Value)
                    {
                        case null: writer.WriteNullValue(); break;
                        case string s: writer.WriteStringValue(s); break;
                        case long l: writer.WriteNumberValue(l); break;
                        case int i: writer.WriteNumberValue(i); break;
                        case double d: writer.WriteNumberValue(d); break;
                        case bool b: writer.WriteNumberValue(b ? 1 : 0); break;
                        case IFormattable f: writer.WriteStringValue(f.ToString(null, CultureInfo.InvariantCulture)); break;
                        default: throw new InvalidOperationException($"D1 cannot bind a {argument.Value.GetType().Name}.");
                    }
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

/// <summary>A failed D1 request: the envelope's first error.</summary>
internal sealed class D1StyleException(int code, string message) : Exception(message)
{
    /// <summary>D1's error code (7500 for SQL errors).</summary>
    public int Code { get; } = code;
}
