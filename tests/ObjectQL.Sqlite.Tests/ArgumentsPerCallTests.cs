using ObjectQL.Metadata;
using ObjectQL.Sql;

namespace ObjectQL.Sqlite.Tests;

/// <summary>
/// A bulk write hands the executor as many arguments per call as its <see cref="ISqlExecutor.ArgumentsPerCall"/>
/// allows: chunked at the default, one call where the executor raises it (the browser store, whose calls are Worker
/// round trips), and the same rows stored either way.
/// </summary>
public sealed class ArgumentsPerCallTests
{
    private static readonly ObjectDefinition Note = new()
    {
        Name = "bulk_note",
        Label = "Bulk Note",
        Fields =
        [
            new FieldDefinition { Name = "title", Label = "Title", Type = FieldType.Text },
            new FieldDefinition { Name = "body", Label = "Body", Type = FieldType.Textarea },
            new FieldDefinition { Name = "rank", Label = "Rank", Type = FieldType.Number },
        ],
    };

    [TestCase(4096, 3, TestName = "Create_many_of_1000_rows_of_9_values_is_chunked_at_4096_arguments_per_call")]
    [TestCase(1 << 20, 1, TestName = "Create_many_of_1000_rows_is_one_call_when_the_executor_takes_them_all")]
    public async Task Create_many_calls_the_executor_once_per_chunk(int argumentsPerCall, int expectedCalls)
    {
        var file = Path.Combine(Path.GetTempPath(), $"objectql-arguments-{Guid.NewGuid():N}.db");
        var executor = new CountingExecutor(new SqliteExecutor($"Data Source={file};Pooling=False"), argumentsPerCall);
        await using var db = await ObjectQLDatabase.OpenAsync(new SqlDriver(executor), new ObjectModel([Note]));
        var records = Enumerable.Range(0, 1000).Select(i => new Record { ["title"] = $"note {i}", ["rank"] = (double)i }).ToList();

        executor.BulkCalls = 0;
        var created = await db.Object(Note.Name).CreateManyAsync(records);

        Assert.That(executor.BulkCalls, Is.EqualTo(expectedCalls));
        Assert.That(created, Has.Count.EqualTo(1000));
        Assert.That(await db.Object(Note.Name).CountAsync(), Is.EqualTo(1000));
        var last = await db.Object(Note.Name).FindOneAsync(created[999].Id!);
        Assert.That(last?["title"], Is.EqualTo("note 999"));
        await db.DisposeAsync();
        File.Delete(file);
    }

    /// <summary>The SQLite executor with another argument limit, counting the bulk calls (more than one row) it is handed.</summary>
    private sealed class CountingExecutor(SqliteExecutor inner, int argumentsPerCall) : ISqlExecutor
    {
        public int BulkCalls { get; set; }

        public SqlDialect Dialect => inner.Dialect;

        public int ArgumentsPerCall => argumentsPerCall;

        public ValueTask<TResult> QueryAsync<TState, TResult>(
            SqlStatement statement, TState state, Func<ISqlRowReader, TState, CancellationToken, ValueTask<TResult>> read, ISqlTransaction? transaction, CancellationToken cancellationToken) =>
            inner.QueryAsync(statement, state, read, Inner(transaction), cancellationToken);

        public ValueTask<int> ExecuteAsync(SqlStatement statement, ISqlTransaction? transaction, CancellationToken cancellationToken) =>
            inner.ExecuteAsync(statement, Inner(transaction), cancellationToken);

        public ValueTask<int[]> ExecuteManyAsync(string sql, int argumentsPerRow, IReadOnlyList<SqlArgument> arguments, ISqlTransaction? transaction, CancellationToken cancellationToken)
        {
            if (argumentsPerRow > 0 && arguments.Count > argumentsPerRow)
            {
                BulkCalls++;
            }
            return inner.ExecuteManyAsync(sql, argumentsPerRow, arguments, Inner(transaction), cancellationToken);
        }

        public async ValueTask<ISqlTransaction> BeginTransactionAsync(TransactionIsolation isolationLevel, CancellationToken cancellationToken) =>
            new Transaction(this, await inner.BeginTransactionAsync(isolationLevel, cancellationToken));

        public SqlStoreError? ClassifyError(Exception exception) => inner.ClassifyError(exception);

        public ValueTask DisposeAsync() => inner.DisposeAsync();

        private static ISqlTransaction? Inner(ISqlTransaction? transaction) => transaction is Transaction own ? own.Inner : transaction;

        /// <summary>The SQLite transaction, handed out as this executor's (the driver accepts only its executor's own).</summary>
        private sealed class Transaction(ISqlExecutor executor, ISqlTransaction inner) : ISqlTransaction
        {
            public ISqlTransaction Inner => inner;

            public ISqlExecutor Executor => executor;

            public bool IsCompleted => inner.IsCompleted;

            public Task CommitAsync(CancellationToken cancellationToken = default) => inner.CommitAsync(cancellationToken);

            public Task RollbackAsync(CancellationToken cancellationToken = default) => inner.RollbackAsync(cancellationToken);

            public ValueTask CreateSavepointAsync(string name, CancellationToken cancellationToken = default) => inner.CreateSavepointAsync(name, cancellationToken);

            public ValueTask RollbackToSavepointAsync(string name, CancellationToken cancellationToken = default) => inner.RollbackToSavepointAsync(name, cancellationToken);

            public ValueTask ReleaseSavepointAsync(string name, CancellationToken cancellationToken = default) => inner.ReleaseSavepointAsync(name, cancellationToken);

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
