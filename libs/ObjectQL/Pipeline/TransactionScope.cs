using ObjectQL.Drivers;

namespace ObjectQL.Pipeline;

/// <summary>The state of one pipeline transaction: the driver transaction and its change events, in write order.</summary>
internal sealed class TransactionScope(IDriverTransaction transaction, TransactionIsolation isolationLevel)
{
    private readonly List<ChangeEvent> _changes = [];
    private bool _ended;
    private Exception? _failure;
    private int _savepoints;

    public IDriverTransaction Transaction { get; } = transaction;

    public IReadOnlyList<ChangeEvent> Changes => _changes;

    public void Add(ChangeEvent change)
    {
        lock (_changes)
        {
            _changes.Add(change);
        }
    }

    /// <summary>Drops the changes from <paramref name="start"/> on: those of a nested unit that rolled back to its savepoint.</summary>
    public void DropChangesFrom(int start)
    {
        lock (_changes)
        {
            _changes.RemoveRange(start, _changes.Count - start);
        }
    }

    /// <summary>The changes from <paramref name="start"/> on, copied.</summary>
    public ChangeEvent[] ChangesFrom(int start)
    {
        lock (_changes)
        {
            return _changes.GetRange(start, _changes.Count - start).ToArray();
        }
    }

    public int NextSavepoint() => Interlocked.Increment(ref _savepoints);

    public void EnsureActive()
    {
        if (_failure is not null)
        {
            throw new ObjectQLException(ErrorCodes.DatabaseError,
                "A nested unit of this transaction failed and the store could not roll it back to its savepoint; the transaction cannot commit.",
                null, _failure);
        }
        if (_ended)
        {
            throw ObjectQLException.InvalidRequest("The transaction this session belongs to has already ended.");
        }
    }

    /// <summary>Throws unless a call asking for <paramref name="isolationLevel"/> may join this transaction.</summary>
    public void EnsureJoinable(TransactionIsolation isolationLevel)
    {
        EnsureActive();
        if (isolationLevel != TransactionIsolation.Unspecified && isolationLevel != IsolationLevel)
        {
            throw ObjectQLException.InvalidRequest(
                $"The session is already in a transaction started with isolation level {IsolationLevel}; a unit of work asking for {isolationLevel} cannot join it.",
                "isolationLevel", "isolation_mismatch");
        }
    }

    public TransactionIsolation IsolationLevel { get; } = isolationLevel;

    public void Fail(Exception failure) => _failure ??= failure;

    public void End() => _ended = true;
}
