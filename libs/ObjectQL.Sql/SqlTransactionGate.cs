namespace ObjectQL.Sql;

/// <summary>
/// What every executor does with the transactions it hands out: one call at a time per transaction (its gate), never
/// after the transaction ended, and the same errors for a finished or foreign transaction.
/// </summary>
public static class SqlTransactionGate
{
    /// <summary>
    /// Waits for <paramref name="gate"/>, then makes sure <paramref name="transaction"/> is still open: a call queued
    /// behind a commit or rollback must not run after it (on SQLite it would run outside any transaction and write
    /// lock). Release the gate when the call is done.
    /// </summary>
    public static async ValueTask EnterAsync(SemaphoreSlim gate, ISqlTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(transaction);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (transaction.IsCompleted)
        {
            gate.Release();
            throw Completed();
        }
    }

    /// <summary>The error for a call with a transaction that was already committed or rolled back.</summary>
    public static ObjectQLException Completed() =>
        ObjectQLException.InvalidRequest("The transaction is already committed or rolled back.", null, "completed_transaction");

    /// <summary>The error for a call with a transaction another store started.</summary>
    public static ObjectQLException Foreign() =>
        ObjectQLException.InvalidRequest("The transaction belongs to another store.", null, "foreign_transaction");
}
