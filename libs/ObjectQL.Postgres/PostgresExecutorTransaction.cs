using Npgsql;
using ObjectQL.Drivers;
using ObjectQL.Sql;

namespace ObjectQL.Postgres;

/// <summary>A transaction holding one pooled connection until it ends.</summary>
internal sealed class PostgresExecutorTransaction : ISqlTransaction
{
    private readonly PostgresExecutor _executor;

    // The savepoints the transaction holds, oldest first, and the savepoint statements not sent yet.
    private readonly List<string> _savepoints = [];
    private readonly List<string> _heldBack = [];

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
        _heldBack.Clear();
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
        _heldBack.Clear();
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

    // SAVEPOINT and RELEASE are held back and sent in front of the transaction's next statement, in one round trip with it
    // (PostgresExecutor takes them): a run of writes inside a savepoint costs no round trip of its own. Neither can fail
    // for a savepoint the transaction holds, so holding them back moves no error to another call; an unknown name is
    // refused at the call, from the names held here. COMMIT and ROLLBACK end every savepoint, so what is still held back
    // then is dropped. ROLLBACK TO goes at once: it releases the locks taken since its savepoint.
    public async ValueTask CreateSavepointAsync(string name, CancellationToken cancellationToken = default)
    {
        SavepointNames.Check(name);
        await SqlTransactionGate.EnterAsync(Gate, this, cancellationToken).ConfigureAwait(false);
        _savepoints.Add(name);
        _heldBack.Add("SAVEPOINT " + Quoted(name));
        Gate.Release();
    }

    public async ValueTask RollbackToSavepointAsync(string name, CancellationToken cancellationToken = default)
    {
        SavepointNames.Check(name);
        await SqlTransactionGate.EnterAsync(Gate, this, cancellationToken).ConfigureAwait(false);
        try
        {
            var at = Held(name);
            await using var batch = new NpgsqlBatch(Connection, Transaction);
            AddHeldBack(batch);
            batch.BatchCommands.Add(new NpgsqlBatchCommand("ROLLBACK TO SAVEPOINT " + Quoted(name)));
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _savepoints.RemoveRange(at + 1, _savepoints.Count - at - 1);
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

    public async ValueTask ReleaseSavepointAsync(string name, CancellationToken cancellationToken = default)
    {
        SavepointNames.Check(name);
        await SqlTransactionGate.EnterAsync(Gate, this, cancellationToken).ConfigureAwait(false);
        try
        {
            var at = Held(name);
            // A savepoint released before any statement ran inside it never needs to reach the server.
            if (at == _savepoints.Count - 1 && _heldBack.Count > 0 && _heldBack[^1] == "SAVEPOINT " + Quoted(name))
            {
                _heldBack.RemoveAt(_heldBack.Count - 1);
            }
            else
            {
                _heldBack.Add("RELEASE SAVEPOINT " + Quoted(name));
            }
            _savepoints.RemoveRange(at, _savepoints.Count - at);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// Puts the savepoint statements held back in front of <paramref name="batch"/>'s commands and forgets them; returns
    /// how many it put. Called with the gate held, by the call that sends the batch.
    /// </summary>
    public int AddHeldBack(NpgsqlBatch batch)
    {
        var count = _heldBack.Count;
        foreach (var statement in _heldBack)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(statement));
        }
        _heldBack.Clear();
        return count;
    }

    /// <summary>Whether savepoint statements wait to be sent with the next statement.</summary>
    public bool HasHeldBack => _heldBack.Count > 0;

    // The latest savepoint of that name (PostgreSQL lets a newer one hide an older one of the same name); names compare
    // as PostgreSQL folds them, without regard to case.
    private int Held(string name)
    {
        var at = _savepoints.FindLastIndex(held => string.Equals(held, name, StringComparison.OrdinalIgnoreCase));
        return at >= 0 ? at : throw SavepointNames.Unknown(name);
    }

    // Quoted, so a name that is also a keyword (OUTER, USER) is a name, and an error it would raise is not moved to the
    // statement the savepoint is sent with; lower case, as PostgreSQL folds an unquoted name. SavepointNames.Check
    // allowed only letters, digits and underscores.
    private static string Quoted(string name) => "\"" + name.ToLowerInvariant() + "\"";

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
