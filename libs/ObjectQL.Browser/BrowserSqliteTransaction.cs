using ObjectQL.Browser.Interop;
using ObjectQL.Drivers;
using ObjectQL.Sql;

namespace ObjectQL.Browser;

/// <summary>
/// A transaction on the executor's one connection, held from begin to end. Its <c>BEGIN</c> and savepoint statements
/// wait in a prefix and travel with the next statement (savepoint names are checked here, as SQLite would), so a
/// transaction that ran nothing never reaches the store.
/// </summary>
internal sealed class BrowserSqliteTransaction(BrowserSqliteExecutor executor) : ISqlTransaction
{
    private readonly List<string> _prefix = ["BEGIN IMMEDIATE"];
    private readonly List<string> _savepoints = [];
    private bool _begun;

    /// <summary>Serializes the calls made inside this transaction, which share one connection.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public ISqlExecutor Executor => executor;

    public bool IsCompleted { get; private set; }

    public async Task<BrowserSqliteExecutor.StepResult> RunAsync(string sql, int argumentsPerRow, IReadOnlyList<SqlArgument> arguments, bool read, CancellationToken cancellationToken)
    {
        await SqlTransactionGate.EnterAsync(Gate, this, cancellationToken).ConfigureAwait(false);
        try
        {
            var request = WithPrefix();
            var step = request.Count;
            request.Add(sql, argumentsPerRow, arguments, read);
            return new BrowserSqliteExecutor.StepResult(await SendAsync(request, cancellationToken).ConfigureAwait(false), step);
        }
        finally
        {
            Gate.Release();
        }
    }

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
        SavepointAsync(name, create: true, static (savepoints, at) => { }, "SAVEPOINT", cancellationToken);

    // ROLLBACK TO keeps the savepoint and forgets later ones; RELEASE forgets it too.
    public ValueTask RollbackToSavepointAsync(string name, CancellationToken cancellationToken = default) =>
        SavepointAsync(name, create: false, static (savepoints, at) => savepoints.RemoveRange(at + 1, savepoints.Count - at - 1), "ROLLBACK TO SAVEPOINT", cancellationToken);

    public ValueTask ReleaseSavepointAsync(string name, CancellationToken cancellationToken = default) =>
        SavepointAsync(name, create: false, static (savepoints, at) => savepoints.RemoveRange(at, savepoints.Count - at), "RELEASE SAVEPOINT", cancellationToken);

    private async ValueTask SavepointAsync(string name, bool create, Action<List<string>, int> forget, string statement, CancellationToken cancellationToken)
    {
        SavepointNames.Check(name);
        await SqlTransactionGate.EnterAsync(Gate, this, cancellationToken).ConfigureAwait(false);
        try
        {
            if (create)
            {
                _savepoints.Add(name);
            }
            else
            {
                var at = _savepoints.LastIndexOf(name);
                if (at < 0)
                {
                    throw SavepointNames.Unknown(name);
                }
                forget(_savepoints, at);
            }
            _prefix.Add($"{statement} \"{name}\"");
        }
        finally
        {
            Gate.Release();
        }
    }

    // Waits for a call still running inside the transaction without blocking (the browser has one thread), then ends
    // it; the end is not cancellable, or the connection would stay taken.
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
            if (commit && (_begun || _prefix.Count > 1))
            {
                var request = WithPrefix().Add("COMMIT");
                try
                {
                    (await SendAsync(request, CancellationToken.None).ConfigureAwait(false)).Dispose();
                }
                catch when (_begun)
                {
                    await RollbackQuietlyAsync().ConfigureAwait(false);
                    throw;
                }
            }
            else if (_begun)
            {
                (await executor.SendAsync(new BatchRequest(atomic: false).Add("ROLLBACK"), CancellationToken.None).ConfigureAwait(false)).Dispose();
            }
        }
        finally
        {
            Gate.Release();
            executor.EndTransaction();
        }
    }

    private async Task RollbackQuietlyAsync()
    {
        try
        {
            (await executor.SendAsync(new BatchRequest(atomic: false).Add("ROLLBACK"), CancellationToken.None).ConfigureAwait(false)).Dispose();
        }
        catch (BatchFailure)
        {
            // COMMIT may already have ended the transaction (SQLite rolls back on some failures by itself).
        }
    }

    private BatchRequest WithPrefix()
    {
        var request = new BatchRequest(atomic: false);
        foreach (var statement in _prefix)
        {
            request.Add(statement);
        }
        return request;
    }

    // The prefix ran when a later step did, or up to the step that failed.
    private async Task<BatchResponse> SendAsync(BatchRequest request, CancellationToken cancellationToken)
    {
        var prefix = _prefix.Count;
        try
        {
            var response = await executor.SendAsync(request, cancellationToken).ConfigureAwait(false);
            _begun |= prefix > 0;
            _prefix.Clear();
            return response;
        }
        catch (BatchFailure failure)
        {
            var ran = Math.Min(failure.At, prefix);
            _begun |= ran > 0;
            _prefix.RemoveRange(0, ran);
            throw failure.Error;
        }
    }
}
