using Microsoft.Extensions.Logging;
using ObjectQL.Changes;

namespace ObjectQL;

/// <summary>Handles a change after its transaction committed.</summary>
public delegate ValueTask ChangeHandler(ChangeEvent change, CancellationToken cancellationToken);

/// <summary>
/// The change events of one database, at two stages of a transaction.
/// <see cref="SubscribeBeforeCommit"/> handlers run once per transaction, after its last data write and just before its
/// commit, with all of its changes in write order and a system session in the transaction: what they write commits or
/// rolls back with the data, and a handler that throws rolls the whole transaction back. A change log that must be atomic
/// with the data belongs there.
/// <see cref="Subscribe"/> handlers run after commit, once per change, in write order; changes of a rolled-back
/// transaction are never published. A post-commit handler that throws never fails the write: the others still run and
/// the failure goes to <see cref="ObjectQLOptions.OnChangeHandlerError"/>.
/// </summary>
public sealed class ChangeFeed
{
    private readonly Lock _gate = new();
    private ChangeHandler[] _committed = [];
    private BeforeCommitHandler[] _beforeCommit = [];

    /// <summary>Runs <paramref name="handler"/> for every committed change until the returned handle is disposed.</summary>
    /// <remarks>
    /// The write is already durable when a handler runs, so an exception it throws does not reach the writer (who would
    /// take the committed write for a failed one and retry it): it is reported to
    /// <see cref="ObjectQLOptions.OnChangeHandlerError"/> and the remaining handlers still run.
    /// </remarks>
    public IDisposable Subscribe(ChangeHandler handler) => Add(ref _committed, handler);

    /// <summary>
    /// Runs <paramref name="handler"/> in every transaction that changed something, before it commits, until the returned
    /// handle is disposed. Handlers run one after another in subscription order.
    /// </summary>
    /// <remarks>
    /// Writes through <see cref="BeforeCommitContext.Session"/> are not change events (they never come back to any handler);
    /// writes through <see cref="BeforeCommitContext.TrackedSession"/> are, and reach every handler in a further round.
    /// Register handlers before the first write (plugins do, at open): a transaction already under way when one subscribes
    /// did not build events for its earlier writes.
    /// </remarks>
    public IDisposable SubscribeBeforeCommit(BeforeCommitHandler handler) => Add(ref _beforeCommit, handler);

    /// <summary>
    /// True when every handler subscribed now, at either stage, is one of <paramref name="own"/>: a writer that raises no
    /// events for some of its writes (a store applying pulled rows itself) may do so only while nobody else listens.
    /// </summary>
    internal bool OnlySubscribed(ICollection<Delegate> own) =>
        AllIn(Volatile.Read(ref _committed), own) && AllIn(Volatile.Read(ref _beforeCommit), own);

    // A loop over the arrays as Delegate[], not LINQ: no generic instantiation per handler type in a native build.
    private static bool AllIn(Delegate[] handlers, ICollection<Delegate> own)
    {
        foreach (var handler in handlers)
        {
            if (!own.Contains(handler))
            {
                return false;
            }
        }
        return true;
    }

    internal bool HasBeforeCommitHandlers => Volatile.Read(ref _beforeCommit).Length > 0;

    /// <summary>
    /// True when some handler is subscribed. Writes made while none is skip building their events (and, for updates,
    /// loading the previous images they would carry): a handler receives the changes of writes made after it subscribed.
    /// </summary>
    internal bool HasHandlers => HasBeforeCommitHandlers || Volatile.Read(ref _committed).Length > 0;

    internal async ValueTask RunBeforeCommitAsync(BeforeCommitContext context, CancellationToken cancellationToken)
    {
        foreach (var handler in Volatile.Read(ref _beforeCommit))
        {
            await handler(context, cancellationToken).ConfigureAwait(false);
        }
    }

    internal async ValueTask PublishAsync(
        IReadOnlyList<ChangeEvent> changes, Action<ChangeHandlerFailure>? onError, ILoggerFactory? loggers, CancellationToken cancellationToken)
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
                    Report(new ChangeHandlerFailure(change, handler, exception), onError, loggers);
                }
            }
        }
    }

    // Handler arrays are replaced, never changed, so a running transaction reads them without the lock.
    private Subscription Add<THandler>(ref THandler[] handlers, THandler handler)
        where THandler : Delegate
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate)
        {
            handlers = [.. handlers, handler];
        }
        return new Subscription(this, handler);
    }

    private void Remove(Delegate handler)
    {
        lock (_gate)
        {
            _committed = Without(_committed, handler);
            _beforeCommit = Without(_beforeCommit, handler);
        }
    }

    private static THandler[] Without<THandler>(THandler[] handlers, Delegate handler)
        where THandler : Delegate =>
        handlers.Where(h => !ReferenceEquals(h, handler)).ToArray();

    private static void Report(ChangeHandlerFailure failure, Action<ChangeHandlerFailure>? onError, ILoggerFactory? loggers)
    {
        if (onError is not null)
        {
            try
            {
                onError(failure);
                return;
            }
            // A throwing error callback must not fail the committed write either; log both.
            catch (Exception callbackError)
            {
                ChangeHandlerFailureLog.WriteCallbackFailure(callbackError, loggers);
            }
        }
        ChangeHandlerFailureLog.Write(failure, loggers);
    }

    private sealed class Subscription(ChangeFeed feed, Delegate handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                feed.Remove(handler);
            }
        }
    }
}
