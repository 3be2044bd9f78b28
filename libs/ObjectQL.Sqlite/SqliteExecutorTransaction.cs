using Microsoft.Data.Sqlite;
using ObjectQL.Drivers;
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

    public Task CommitAsync(CancellationToken cancellationToken = default) => CompleteAsync(commit: true);

    public Task RollbackAsync(CancellationToken cancellationToken = default) => CompleteAsync(commit: false);

    public async ValueTask DisposeAsync()
    {
        if (!IsCompleted)
        {
            await CompleteAsync(commit: false).ConfigureAwait(false);
        }
    }

    public ValueTask CreateSavepointAsync(string name, CancellationToken cancellationToken = default) =>
        SavepointAsync(name, static (transaction, checkedName) => transaction.Save(checkedName), cancellationToken);

    public ValueTask RollbackToSavepointAsync(string name, CancellationToken cancellationToken = default) =>
        SavepointAsync(name, static (transaction, checkedName) => transaction.Rollback(checkedName), cancellationToken);

    public ValueTask ReleaseSavepointAsync(string name, CancellationToken cancellationToken = default) =>
        SavepointAsync(name, static (transaction, checkedName) => transaction.Release(checkedName), cancellationToken);

    // SAVEPOINT, ROLLBACK TO and RELEASE run on the transaction's connection, in line with its other calls.
    private async ValueTask SavepointAsync(string name, Action<SqliteTransaction, string> statement, CancellationToken cancellationToken)
    {
        SavepointNames.Check(name);
        await SqlTransactionGate.EnterAsync(Gate, this, cancellationToken).ConfigureAwait(false);
        try
        {
            statement(Session.Transaction!, name);
        }
        catch (SqliteException exception) when (exception.Message.Contains("no such savepoint", StringComparison.Ordinal))
        {
            throw SavepointNames.Unknown(name);
        }
        finally
        {
            Gate.Release();
        }
    }

    // Waits for a call still running inside the transaction without blocking a thread (browser WebAssembly has only
    // one), then ends it; the end is not cancellable, or the write lock would stay taken.
    private async Task CompleteAsync(bool commit)
    {
        if (IsCompleted)
        {
            throw SqlTransactionGate.Completed();
        }
        IsCompleted = true;
        await Gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
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
