using Npgsql;
using ObjectQL.Drivers;
using ObjectQL.Sql;

namespace ObjectQL.Postgres;

/// <summary>A transaction holding one pooled connection until it ends.</summary>
internal sealed class PostgresExecutorTransaction : ISqlTransaction
{
    private readonly PostgresExecutor _executor;

    public PostgresExecutorTransaction(PostgresExecutor executor, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _executor = executor;
        Connection = connection;
        Transaction = transaction;
    }

    public NpgsqlConnection Connection { get; }

    public NpgsqlTransaction Transaction { get; }

    /// <summary>Serializes the calls made inside this transaction, which share one connection.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public ISqlExecutor Executor => _executor;

    public bool IsCompleted { get; private set; }

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        MarkCompleted();
        await Gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await Transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await ReleaseAsync().ConfigureAwait(false);
        }
    }

    public async Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        MarkCompleted();
        await Gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await Transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await ReleaseAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!IsCompleted)
        {
            await RollbackAsync().ConfigureAwait(false);
        }
    }

    public ValueTask CreateSavepointAsync(string name, CancellationToken cancellationToken = default) =>
        SavepointAsync(name, static (transaction, checkedName, ct) => transaction.SaveAsync(checkedName, ct), cancellationToken);

    public ValueTask RollbackToSavepointAsync(string name, CancellationToken cancellationToken = default) =>
        SavepointAsync(name, static (transaction, checkedName, ct) => transaction.RollbackAsync(checkedName, ct), cancellationToken);

    public ValueTask ReleaseSavepointAsync(string name, CancellationToken cancellationToken = default) =>
        SavepointAsync(name, static (transaction, checkedName, ct) => transaction.ReleaseAsync(checkedName, ct), cancellationToken);

    // SAVEPOINT, ROLLBACK TO and RELEASE run on the transaction's connection, in line with its other calls.
    private async ValueTask SavepointAsync(string name, Func<NpgsqlTransaction, string, CancellationToken, Task> statement, CancellationToken cancellationToken)
    {
        SavepointNames.Check(name);
        await SqlTransactionGate.EnterAsync(Gate, this, cancellationToken).ConfigureAwait(false);
        try
        {
            await statement(Transaction, name, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.InvalidSavepointSpecification)
        {
            throw SavepointNames.Unknown(name);
        }
        finally
        {
            Gate.Release();
        }
    }

    private void MarkCompleted()
    {
        if (IsCompleted)
        {
            throw SqlTransactionGate.Completed();
        }
        IsCompleted = true;
    }

    private async ValueTask ReleaseAsync()
    {
        Gate.Release();
        await Transaction.DisposeAsync().ConfigureAwait(false);
        await Connection.DisposeAsync().ConfigureAwait(false);
    }
}
