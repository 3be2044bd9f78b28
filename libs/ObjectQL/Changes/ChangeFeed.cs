namespace ObjectQL;

/// <summary>Handles a change after its transaction committed.</summary>
public delegate ValueTask ChangeHandler(ChangeEvent change, CancellationToken cancellationToken);

/// <summary>Handles a change inside its transaction, before commit; <paramref name="session"/> is a system session in that transaction.</summary>
public delegate ValueTask TransactionalChangeHandler(ChangeEvent change, ObjectQLSession session, CancellationToken cancellationToken);

/// <summary>
/// The change events of one database. <see cref="Subscribe"/> handlers run after commit, once per change, in commit
/// order of that transaction; changes of a rolled-back transaction are never published. <see cref="SubscribeInTransaction"/>
/// handlers run inside the writing transaction, so a change log can be written atomically with the data; their
/// failure rolls the write back.
/// </summary>
public sealed class ChangeFeed
{
    private readonly Lock _gate = new();
    private ChangeHandler[] _committed = [];
    private TransactionalChangeHandler[] _transactional = [];

    /// <summary>Runs <paramref name="handler"/> for every committed change until the returned handle is disposed.</summary>
    /// <remarks>The write is already durable when a handler runs; an exception it throws reaches the writer's caller.</remarks>
    public IDisposable Subscribe(ChangeHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate)
        {
            _committed = [.. _committed, handler];
        }
        return new Subscription(() =>
        {
            lock (_gate)
            {
                _committed = _committed.Where(h => h != handler).ToArray();
            }
        });
    }

    /// <summary>Runs <paramref name="handler"/> inside each writing transaction, before commit, until disposed.</summary>
    /// <remarks>Writes the handler makes through its session are changes too and reach it again; write a change log through the driver.</remarks>
    public IDisposable SubscribeInTransaction(TransactionalChangeHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate)
        {
            _transactional = [.. _transactional, handler];
        }
        return new Subscription(() =>
        {
            lock (_gate)
            {
                _transactional = _transactional.Where(h => h != handler).ToArray();
            }
        });
    }

    internal bool HasTransactionalHandlers => Volatile.Read(ref _transactional).Length > 0;

    internal async ValueTask RunInTransactionAsync(ChangeEvent change, ObjectQLSession session, CancellationToken cancellationToken)
    {
        foreach (var handler in Volatile.Read(ref _transactional))
        {
            await handler(change, session, cancellationToken).ConfigureAwait(false);
        }
    }

    internal async ValueTask PublishAsync(IReadOnlyList<ChangeEvent> changes, CancellationToken cancellationToken)
    {
        var handlers = Volatile.Read(ref _committed);
        if (handlers.Length == 0)
        {
            return;
        }
        foreach (var change in changes)
        {
            foreach (var handler in handlers)
            {
                await handler(change, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
