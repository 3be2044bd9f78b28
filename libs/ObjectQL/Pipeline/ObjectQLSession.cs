using System.Collections.Concurrent;
using System.Data;
using ObjectQL.Drivers;

namespace ObjectQL;

/// <summary>
/// The database seen as one context (user, roles, tenant or system), optionally inside a transaction.
/// Sessions are cheap; make one per request or per unit of work.
/// </summary>
public sealed class ObjectQLSession : IObjectQLSession
{
    private readonly ConcurrentDictionary<string, ObjectRepository> _repositories = new(StringComparer.Ordinal);

    internal ObjectQLSession(ObjectQLDatabase database, ObjectQLContext context, TransactionScope? scope)
    {
        Database = database;
        Context = context;
        Scope = scope;
    }

    /// <summary>The database.</summary>
    public ObjectQLDatabase Database { get; }

    /// <summary>Who this session acts as.</summary>
    public ObjectQLContext Context { get; }

    /// <summary>The driver transaction this session runs in, or null outside <see cref="TransactionAsync{T}"/>.</summary>
    public IDriverTransaction? Transaction => Scope?.Transaction;

    internal TransactionScope? Scope { get; }

    /// <inheritdoc />
    public IObjectRepository Object(string objectName)
    {
        ArgumentNullException.ThrowIfNull(objectName);
        return _repositories.GetOrAdd(objectName, static (name, session) =>
            new ObjectRepository(session, session.Database.Model.Get(name)), this);
    }

    /// <summary>The same database and transaction, acting as <paramref name="context"/>.</summary>
    public ObjectQLSession WithContext(ObjectQLContext context) =>
        new(Database, context ?? throw new ArgumentNullException(nameof(context)), Scope);

    /// <summary>The same database and transaction in the system context (bypasses permissions).</summary>
    public ObjectQLSession AsSystem() => WithContext(Context with { IsSystem = true });

    /// <summary>
    /// Runs <paramref name="body"/> in one transaction: every call through the session it receives (and through hooks
    /// it triggers) joins it; the transaction commits when <paramref name="body"/> returns and rolls back when it throws.
    /// Change events are published after the commit. Called on a session already in a transaction, it joins that one.
    /// </summary>
    public async Task<T> TransactionAsync<T>(Func<ObjectQLSession, CancellationToken, Task<T>> body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (Scope is not null)
        {
            Scope.EnsureActive();
            return await body(this, cancellationToken).ConfigureAwait(false);
        }
        var transaction = await Database.Driver.BeginTransactionAsync(IsolationLevel.Unspecified, cancellationToken).ConfigureAwait(false);
        var scope = new TransactionScope(transaction);
        T result;
        await using (transaction.ConfigureAwait(false))
        {
            try
            {
                result = await body(new ObjectQLSession(Database, Context, scope), cancellationToken).ConfigureAwait(false);
                scope.EnsureActive();
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                scope.End();
            }
        }
        await Database.Changes.PublishAsync(scope.Changes, Database.Options.OnChangeHandlerError, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Runs <paramref name="body"/> in one transaction; see <see cref="TransactionAsync{T}"/>.</summary>
    public Task TransactionAsync(Func<ObjectQLSession, CancellationToken, Task> body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        return TransactionAsync<bool>(async (session, ct) =>
        {
            await body(session, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    // Every write runs in a transaction, its own or the caller's, so after-hooks that throw roll it back.
    internal Task<T> WriteAsync<T>(Func<ObjectQLSession, Task<T>> body, CancellationToken cancellationToken) =>
        TransactionAsync((session, _) => body(session), cancellationToken);
}

/// <summary>The state of one pipeline transaction: the driver transaction and the changes to publish on commit.</summary>
internal sealed class TransactionScope(IDriverTransaction transaction)
{
    private readonly List<ChangeEvent> _changes = [];
    private bool _ended;

    public IDriverTransaction Transaction { get; } = transaction;

    public IReadOnlyList<ChangeEvent> Changes => _changes;

    public void Add(ChangeEvent change)
    {
        lock (_changes)
        {
            _changes.Add(change);
        }
    }

    public void EnsureActive()
    {
        if (_ended)
        {
            throw ObjectQLException.InvalidRequest("The transaction this session belongs to has already ended.");
        }
    }

    public void End() => _ended = true;
}
