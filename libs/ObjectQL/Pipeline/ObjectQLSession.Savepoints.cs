using System.Globalization;
using ObjectQL.Pipeline;

namespace ObjectQL;

public sealed partial class ObjectQLSession
{
    /// <summary>
    /// Runs <paramref name="body"/> as a nested unit of the session's transaction: when it returns, its writes stay in the
    /// transaction; when it throws, its writes are undone (a driver savepoint), its change events are dropped, and the
    /// exception propagates, while the outer transaction goes on and may still commit. Its change events (when kept) reach
    /// the before-commit stage and the change feed with the transaction's others. Outside a transaction it starts one and
    /// is then the same as <see cref="TransactionAsync{T}(Func{ObjectQLSession, CancellationToken, Task{T}}, CancellationToken)"/>.
    /// A sync server runs each pushed mutation this way, so a rejected one leaves no trace and the push goes on.
    /// </summary>
    public async Task<T> SavepointAsync<T>(Func<ObjectQLSession, CancellationToken, Task<T>> body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (Scope is null)
        {
            return await TransactionAsync(body, DefaultTransaction, cancellationToken).ConfigureAwait(false);
        }
        Scope.EnsureActive();
        var name = "objectql_sp_" + Scope.NextSavepoint().ToString(CultureInfo.InvariantCulture);
        var mark = Scope.Changes.Count;
        await Scope.Transaction.CreateSavepointAsync(name, cancellationToken).ConfigureAwait(false);
        T result;
        try
        {
            result = await body(this, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await UndoSavepointAsync(name, mark).ConfigureAwait(false);
            throw;
        }
        await Scope.Transaction.ReleaseSavepointAsync(name, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Runs <paramref name="body"/> as a nested unit; see <see cref="SavepointAsync{T}"/>.</summary>
    public Task SavepointAsync(Func<ObjectQLSession, CancellationToken, Task> body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        return SavepointAsync<bool>(async (session, ct) =>
        {
            await body(session, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    // Not cancellable: a body that failed (also by cancellation) must still leave the transaction at its savepoint. When
    // the store cannot even do that, the transaction is in an unknown state and may no longer commit.
    private async ValueTask UndoSavepointAsync(string name, int mark)
    {
        try
        {
            await Scope!.Transaction.RollbackToSavepointAsync(name, CancellationToken.None).ConfigureAwait(false);
            await Scope.Transaction.ReleaseSavepointAsync(name, CancellationToken.None).ConfigureAwait(false);
            Scope.DropChangesFrom(mark);
        }
        // The body's own exception is the one to report; this one goes with the refused commit.
        catch (Exception undoFailure)
        {
            Scope!.Fail(undoFailure);
        }
    }
}
