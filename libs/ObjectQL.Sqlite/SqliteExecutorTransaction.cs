using ObjectQL.Sql;

namespace ObjectQL.Sqlite;

/// <summary>A write transaction on the writer connection; it holds the executor's write lock until it ends.</summary>
internal sealed class SqliteExecutorTransaction : ISqlTransaction
{
    private readonly SqliteExecutor _executor;

    public SqliteExecutorTransaction(SqliteExecutor executor, SqliteSession session)
    {
        _executor = executor;
        Session = session;
    }

    public SqliteSession Session { get; }

    /// <summary>Serializes the calls made inside this transaction, which share one connection.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public ISqlExecutor Executor => _executor;

    public bool IsCompleted { get; private set; }

    public Task CommitAsync(CancellationToken cancellationToken = default)
    {
        Complete(commit: true);
        return Task.CompletedTask;
    }

    public Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        Complete(commit: false);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        if (!IsCompleted)
        {
            Complete(commit: false);
        }
        return ValueTask.CompletedTask;
    }

    private void Complete(bool commit)
    {
        if (IsCompleted)
        {
            throw SqlTransactionGate.Completed();
        }
        IsCompleted = true;
        Gate.Wait();
        try
        {
            if (commit)
            {
                Session.Transaction!.Commit();
            }
            else
            {
                Session.Transaction!.Rollback();
            }
        }
        finally
        {
            Gate.Release();
            _executor.EndTransaction(Session);
        }
    }
}
