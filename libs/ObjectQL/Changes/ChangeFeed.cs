using System.Diagnostics;

namespace ObjectQL;

/// <summary>Handles a change after its transaction committed.</summary>
public delegate ValueTask ChangeHandler(ChangeEvent change, CancellationToken cancellationToken);

/// <summary>Handles a change inside its transaction, before commit; <paramref name="session"/> is a system session in that transaction.</summary>
public delegate ValueTask TransactionalChangeHandler(ChangeEvent change, ObjectQLSession session, CancellationToken cancellationToken);

/// <summary>
/// The change events of one database. <see cref="Subscribe"/> handlers run after commit, once per change, in commit
/// order of that transaction; changes of a rolled-back transaction are never published. A post-commit handler that
/// throws never fails the write: the others still run and the failure goes to <see cref="ObjectQLOptions.OnChangeHandlerError"/>.
/// <see cref="SubscribeInTransaction"/> handlers run inside the writing transaction, so a change log can be written
/// atomically with the data; their failure rolls the write back.
/// </summary>
public sealed class ChangeFeed
{
    private readonly Lock _gate = new();
    private ChangeHandler[] _committed = [];
    private TransactionalChangeHandler[] _transactional = [];

    /// <summary>Runs <paramref name="handler"/> for every committed change until the returned handle is disposed.</summary>
    /// <remarks>
    /// The write is already durable when a handler runs, so an exception it throws does not reach the writer (who would
    /// take the committed write for a failed one and retry it): it is reported to
    /// <see cref="ObjectQLOptions.OnChangeHandlerError"/> and the remaining handlers still run.
    /// </remarks>
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

    /// <summary>
    /// True when some handler is subscribed. Writes made while none is skip building their events (and, for updates,
    /// loading the previous images they would carry): a handler receives the changes of writes made after it subscribed.
    /// </summary>
    internal bool HasHandlers => HasTransactionalHandlers || Volatile.Read(ref _committed).Length > 0;

    internal async ValueTask RunInTransactionAsync(ChangeEvent change, ObjectQLSession session, CancellationToken cancellationToken)
    {
        foreach (var handler in Volatile.Read(ref _transactional))
        {
            await handler(change, session, cancellationToken).ConfigureAwait(false);
        }
    }

    internal async ValueTask PublishAsync(
        IReadOnlyList<ChangeEvent> changes, Action<ChangeHandlerFailure>? onError, CancellationToken cancellationToken)
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
                try
                {
                    await handler(change, cancellationToken).ConfigureAwait(false);
                }
                // The write is committed: no handler failure may reach the writer; it is reported instead.
                catch (Exception exception)
                {
                    Report(new ChangeHandlerFailure(change, handler, exception), onError);
                }
            }
        }
    }

    private static void Report(ChangeHandlerFailure failure, Action<ChangeHandlerFailure>? onError)
    {
        if (onError is not null)
        {
            try
            {
                onError(failure);
                return;
            }
            // A throwing error callback must not fail the committed write either; trace both.
            catch (Exception callbackError)
            {
                Trace.TraceError($"ObjectQL: OnChangeHandlerError threw {callbackError}");
            }
        }
        Trace.TraceError(
            $"ObjectQL: a change handler failed after commit ({failure.Change.Operation} {failure.Change.ObjectName} '{failure.Change.Id}'): {failure.Exception}");
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
